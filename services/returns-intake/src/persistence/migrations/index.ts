import { CreateReturnsIntake1795714859778 } from './1795714859778-CreateReturnsIntake';
import { AddPolicyLogistics1795739468425 } from './1795739468425-AddPolicyLogistics';

/** In the order they apply; a landed migration is never edited, only followed by a new one. */
export const intakeMigrations = [CreateReturnsIntake1795714859778, AddPolicyLogistics1795739468425];
