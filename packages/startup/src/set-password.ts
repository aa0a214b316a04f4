import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { UsersRepository, UsersService, DomainError, type Principal } from '@timetracker/core';
import { createPrismaClient } from '@timetracker/db';

/** Acting as the operator at the server's console, who may do what an admin may. */
export const CONSOLE: Principal = { userId: 0, username: '(console)', role: 'admin', via: 'token' };

/**
 * Reads the new password: typed twice without echo on a terminal, else the first line of
 * standard input (`printf '%s\n' "$PW" | npm run user:set-password -- alice`).
 */
export async function readNewPassword(input: NodeJS.ReadStream = process.stdin): Promise<string> {
  if (!input.isTTY) {
    const rl = createInterface({ input });
    for await (const line of rl) {
      rl.close();
      return line;
    }
    throw new Error('no password on standard input');
  }
  // readline keeps lines that arrive together apart; the output is muted after each prompt so
  // that what is typed is not echoed.
  let muted = false;
  const output = new Writable({
    write(chunk, encoding, done) {
      if (!muted) process.stdout.write(chunk, encoding);
      done();
    },
  });
  const rl = createInterface({ input, output, terminal: true });
  // Lines may arrive before they are asked for (pasted, or typed ahead): queue them.
  const lines: string[] = [];
  const waiting: ((line: string) => void)[] = [];
  rl.on('line', (line) => (waiting.length ? waiting.shift()!(line) : lines.push(line)));
  const ask = (prompt: string) =>
    new Promise<string>((resolve) => {
      muted = false;
      output.write(prompt);
      muted = true;
      const answer = (line: string) => {
        process.stdout.write('\n');
        resolve(line);
      };
      if (lines.length) answer(lines.shift()!);
      else waiting.push(answer);
    });
  try {
    const first = await ask('New password: ');
    if ((await ask('Repeat it: ')) !== first) throw new Error('the two passwords differ');
    return first;
  } finally {
    rl.close();
  }
}

export async function setPassword(databaseUrl: string, username: string, password: string): Promise<string> {
  const prisma = createPrismaClient(databaseUrl, { poolSize: 2 });
  try {
    const users = new UsersRepository(prisma);
    const user = await users.findByUsername(username);
    if (!user) throw DomainError.notFound(`User "${username}"`);
    await new UsersService(users).setPassword(CONSOLE, user.id, password);
    return user.username;
  } finally {
    await prisma.$disconnect();
  }
}

/** Break glass: removes the user's second factor, as an admin's reset does (audited). */
export async function resetTwoFactor(databaseUrl: string, username: string): Promise<string> {
  const prisma = createPrismaClient(databaseUrl, { poolSize: 2 });
  try {
    const users = new UsersRepository(prisma);
    const user = await users.findByUsername(username);
    if (!user) throw DomainError.notFound(`User "${username}"`);
    await new UsersService(users).resetTwoFactor(CONSOLE, user.id);
    return user.username;
  } finally {
    await prisma.$disconnect();
  }
}
