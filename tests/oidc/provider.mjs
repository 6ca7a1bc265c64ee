// A local OpenID Connect provider for the browser tests (npm oidc-provider 8.x, in-memory, dev keys).
// Started by the `oidc_providers` fixture in tests/oidc_fixtures.py, once per provider we play (the MitID
// Erhverv broker and the authority's identity provider). Environment: OIDC_PORT, OIDC_CLIENT (JSON of one
// client: client_id, client_secret, redirect_uris, post_logout_redirect_uris). Accounts: accounts.json; the
// built-in development login form takes the account's name as login and any password.
import { readFileSync } from 'node:fs';

import Provider from 'oidc-provider';

const port = Number(process.env.OIDC_PORT);
const client = JSON.parse(process.env.OIDC_CLIENT);
const accounts = JSON.parse(readFileSync(new URL('./accounts.json', import.meta.url), 'utf8'));
const brokerClaims = [
  'https://data.gov.dk/model/core/eid/professional/cvr',
  'https://data.gov.dk/model/core/eid/professional/productionUnit',
  'https://data.gov.dk/concept/core/nsis/loa',
];

const provider = new Provider(`http://127.0.0.1:${port}`, {
  clients: [{
    ...client,
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_post',
  }],
  scopes: ['openid', 'profile', 'email', 'groups'],
  claims: {
    openid: ['sub'],
    email: ['email'],
    profile: ['name', ...brokerClaims],
    groups: ['groups'],
  },
  async findAccount(ctx, id) {
    const account = accounts[id];
    if (!account || id.startsWith('_')) return undefined;
    return { accountId: id, async claims() { return { sub: id, ...account }; } };
  },
  // First-party test clients: grant what they ask for instead of showing a consent page.
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope(ctx.oidc.params.scope);
    await grant.save();
    return grant;
  },
  features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
  pkce: { required: () => true },
  cookies: { keys: ['test-only-cookie-key-not-secret'] },
});

provider.listen(port, '127.0.0.1', () => {
  console.log(`oidc-provider listening on ${port}`);
});
