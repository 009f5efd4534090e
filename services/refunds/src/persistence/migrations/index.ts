import { CreateRefunds1795752186025 } from './1795752186025-CreateRefunds';

/** In the order they apply; a landed migration is never edited, only followed by a new one. */
export const refundsMigrations = [CreateRefunds1795752186025];
