import { tenancy } from '@tf/contracts';
import { messageJson, messageOf } from './messages';

describe('messageOf: a row as a message', () => {
  it('turns dates into ISO timestamps, leaves null fields absent, and ignores extra keys', () => {
    const row = {
      id: 'k1',
      partnerId: 'p1',
      prefix: 'abcdefgh',
      scopes: ['loans:read'],
      keyHash: 'secret hash, not in the message',
      createdAt: new Date('2026-11-26T08:00:00.000Z'),
      revokedAt: null,
    };
    const message = messageOf(tenancy.ApiKeySchema, row);
    expect(message).toEqual({
      $typeName: 'tf.tenancy.v1.ApiKey',
      id: 'k1',
      partnerId: 'p1',
      prefix: 'abcdefgh',
      scopes: ['loans:read'],
      createdAt: '2026-11-26T08:00:00.000Z',
    });
    expect('revokedAt' in message).toBe(false);
  });
});

describe('messageJson: a message as the REST API answers it', () => {
  it('emits every field, an absent optional one as null, nested messages and lists included', () => {
    const listed = messageJson(
      tenancy.ListPartnersResponseSchema,
      messageOf(tenancy.ListPartnersResponseSchema, {
        items: [{ id: 'p1', tenant: 'jinan', name: 'Qilu', kind: 'bank', createdAt: 'x' }],
        page: {},
      }),
    );
    expect(listed).toEqual({
      items: [
        {
          id: 'p1',
          tenant: 'jinan',
          name: 'Qilu',
          kind: 'bank',
          createdAt: 'x',
          enterpriseId: null,
        },
      ],
      page: { nextCursor: null },
    });
  });

  it('keeps a value of zero or false that was given, and an unset message as null', () => {
    const enterprise = messageJson(
      tenancy.EnterpriseSchema,
      messageOf(tenancy.EnterpriseSchema, { id: 'e1', employees: 0, highTech: false }),
    );
    expect(enterprise).toMatchObject({ employees: 0, highTech: false, industry: null });
    expect(
      messageJson(
        tenancy.IssueApiKeyResponseSchema,
        messageOf(tenancy.IssueApiKeyResponseSchema, { key: 'k' }),
      ),
    ).toEqual({
      apiKey: null,
      key: 'k',
    });
  });
});
