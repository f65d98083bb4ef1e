// Loaded before each test file (vitest.config.ts's setupFiles): the hook that closes, after the file, the clones,
// apps and browsers it made in its beforeAll hooks (database.ts's closeAfterUse).
import { afterAll } from 'vitest';
import { closeFileResources } from './database.js';

afterAll(closeFileResources);
