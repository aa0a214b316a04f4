import { DomainError, UsersRepository, UsersService } from '@timetracker/core';
import { createPrismaClient } from '@timetracker/db';
import { CONSOLE } from './set-password';

/** The API's rule for usernames (UsernameSchema in packages/contracts), checked before anything is written. */
const USERNAME = /^[a-z0-9._@-]{2,80}$/;

/**
 * Creates an active admin with a password, through the same service as the dashboard's user
 * form (password policy, case-insensitive uniqueness). Refuses a username that exists, whatever
 * its role: an existing account is changed with set-password, never overwritten here.
 */
export async function createAdmin(databaseUrl: string, username: string, password: string): Promise<string> {
  const name = username.trim().toLowerCase();
  if (!USERNAME.test(name)) {
    throw DomainError.validation('Invalid username', [
      { path: 'username', message: '2 to 80 letters, digits and . _ @ - only' },
    ]);
  }
  const prisma = createPrismaClient(databaseUrl, { poolSize: 2 });
  try {
    const service = new UsersService(new UsersRepository(prisma));
    const user = await service.create(CONSOLE, { username: name, password, role: 'admin' });
    return user.username;
  } finally {
    await prisma.$disconnect();
  }
}
