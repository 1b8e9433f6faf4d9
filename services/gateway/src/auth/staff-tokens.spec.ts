import { KeyObject } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import { staffTokenOptions } from './staff-tokens';

const SECRET = 'a-test-secret-of-enough-length';

describe('staff tokens: HS256 with JWT_SECRET, the secret held as a KeyObject', () => {
  const jwt = new JwtService(staffTokenOptions({ JWT_SECRET: SECRET }));

  it('hands jsonwebtoken a secret KeyObject, which it uses as is (a string it first parses as a PEM key)', () => {
    const { secret } = staffTokenOptions({ JWT_SECRET: SECRET });
    expect(secret).toBeInstanceOf(KeyObject);
    expect((secret as KeyObject).type).toBe('secret');
    expect((secret as KeyObject).export().toString('utf8')).toBe(SECRET);
  });

  it('verifies what it signed, and a token signed with the string secret (the same bytes)', async () => {
    const signed = await jwt.signAsync({ sub: 'u1', sid: 's1' });
    expect(await jwt.verifyAsync(signed)).toMatchObject({ sub: 'u1', sid: 's1' });
    const byString = new JwtService({ secret: SECRET, signOptions: { algorithm: 'HS256' } });
    const old = await byString.signAsync({ sub: 'u2', sid: 's2' });
    expect(await jwt.verifyAsync(old)).toMatchObject({ sub: 'u2', sid: 's2' });
  });

  it('refuses a token signed with another secret, and one with the alg "none"', async () => {
    const other = new JwtService(staffTokenOptions({ JWT_SECRET: 'another-secret-entirely' }));
    await expect(jwt.verifyAsync(await other.signAsync({ sub: 'u1' }))).rejects.toThrow(
      'invalid signature',
    );
    const [, payload] = (await jwt.signAsync({ sub: 'u1' })).split('.');
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${payload}.`;
    await expect(jwt.verifyAsync(none)).rejects.toThrow();
  });
});
