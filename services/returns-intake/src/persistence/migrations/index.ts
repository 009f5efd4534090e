import { CreateReturnsIntake1795714859778 } from './1795714859778-CreateReturnsIntake';

/** In the order they apply; a landed migration is never edited, only followed by a new one. */
export const intakeMigrations = [CreateReturnsIntake1795714859778];
