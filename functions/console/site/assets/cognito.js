// Signing in with the user pool's own API, as Cognito web apps do: USER_SRP_AUTH (the password never leaves the
// page), tokens kept in this module's memory only (never localStorage or a cookie: a reload signs out), refreshed
// with REFRESH_TOKEN_AUTH before they expire, and the refresh token revoked on sign-out.

import { cognitoTimestamp, passwordClaimSignature, startSrp } from './srp.js';

const REFRESH_LEAD_MS = 5 * 60 * 1000;
/** Refresh this long before the ID token expires (or halfway through a shorter life). */
const STALE_MS = 60 * 1000;
/** A token this close to its expiry is refreshed before it is used. */

export class SignInError extends Error {
  constructor(message, type = '') {
    super(message);
    this.type = type;
  }
}

const MESSAGES = {
  NotAuthorizedException: 'Incorrect email or password.',
  UserNotFoundException: 'Incorrect email or password.',
  UserNotConfirmedException: 'This account is not confirmed yet: confirm it from the email the user pool sent.',
  PasswordResetRequiredException: 'This account must reset its password before signing in.',
  TooManyRequestsException: 'Too many attempts: wait a minute and try again.',
  LimitExceededException: 'Too many attempts: wait a minute and try again.',
};

const CHALLENGES = {
  NEW_PASSWORD_REQUIRED: 'This account must set a new password before it can use the console.',
  SOFTWARE_TOKEN_MFA: 'This account signs in with a one-time code, which the console does not offer yet.',
  SMS_MFA: 'This account signs in with a code by SMS, which the console does not offer yet.',
  MFA_SETUP: 'This account must set up a second factor before it can use the console.',
};

/** The claims of a JWT, for its expiry only: the API verifies every token itself. */
function claimsOf(token) {
  const part = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
  const bytes = Uint8Array.from(atob(part + '='.repeat((4 - (part.length % 4)) % 4)), (c) => c.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes));
}

export function createSession(config, onSignedOut) {
  const poolName = config.userPoolId.split('_')[1] || config.userPoolId;
  let tokens = null;
  let timer = null;
  let refreshing = null;

  async function call(action, body) {
    let response;
    try {
      response = await fetch(config.cognitoEndpoint, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-amz-json-1.1',
          'X-Amz-Target': `AWSCognitoIdentityProviderService.${action}`,
        },
        body: JSON.stringify(body),
        cache: 'no-store',
        credentials: 'omit',
      });
    } catch {
      throw new SignInError('The user pool could not be reached: check your connection and try again.');
    }
    const answer = await response.json().catch(() => ({}));
    if (!response.ok) {
      const type = String(answer.__type || '').split('#').pop();
      throw new SignInError(MESSAGES[type] || answer.message || `Sign-in failed (${response.status}).`, type);
    }
    return answer;
  }

  function keep(result) {
    tokens = {
      idToken: result.IdToken,
      refreshToken: result.RefreshToken || (tokens && tokens.refreshToken),
      expiresAt: claimsOf(result.IdToken).exp * 1000,
    };
    clearTimeout(timer);
    const life = tokens.expiresAt - Date.now();
    const wait = Math.max(10_000, Math.min(life - REFRESH_LEAD_MS, life / 2));
    timer = setTimeout(() => refresh().catch(() => {}), wait);
  }

  function end(reason) {
    clearTimeout(timer);
    tokens = null;
    refreshing = null;
    onSignedOut(reason);
  }

  async function signIn(email, password) {
    const srp = startSrp();
    const challenge = await call('InitiateAuth', {
      AuthFlow: 'USER_SRP_AUTH',
      ClientId: config.userPoolClientId,
      AuthParameters: { USERNAME: email, SRP_A: srp.srpA },
    });
    if (challenge.ChallengeName !== 'PASSWORD_VERIFIER') {
      throw new SignInError(CHALLENGES[challenge.ChallengeName] || 'The user pool asked for an unknown step.');
    }
    const parameters = challenge.ChallengeParameters;
    const timestamp = cognitoTimestamp();
    const signature = await passwordClaimSignature({
      poolName,
      userId: parameters.USER_ID_FOR_SRP,
      password,
      a: srp.a,
      A: srp.A,
      srpB: parameters.SRP_B,
      salt: parameters.SALT,
      secretBlock: parameters.SECRET_BLOCK,
      timestamp,
    });
    const request = {
      ChallengeName: 'PASSWORD_VERIFIER',
      ClientId: config.userPoolClientId,
      ChallengeResponses: {
        USERNAME: parameters.USER_ID_FOR_SRP,
        PASSWORD_CLAIM_SECRET_BLOCK: parameters.SECRET_BLOCK,
        PASSWORD_CLAIM_SIGNATURE: signature,
        TIMESTAMP: timestamp,
      },
    };
    if (challenge.Session) request.Session = challenge.Session;
    const answer = await call('RespondToAuthChallenge', request);
    if (!answer.AuthenticationResult) {
      throw new SignInError(CHALLENGES[answer.ChallengeName] || 'The user pool asked for an unknown step.');
    }
    keep(answer.AuthenticationResult);
  }

  async function refresh() {
    if (!tokens) throw new SignInError('Not signed in.');
    if (!refreshing) {
      refreshing = call('InitiateAuth', {
        AuthFlow: 'REFRESH_TOKEN_AUTH',
        ClientId: config.userPoolClientId,
        AuthParameters: { REFRESH_TOKEN: tokens.refreshToken },
      })
        .then((answer) => keep(answer.AuthenticationResult))
        .catch((error) => {
          end('Your session ended: sign in again.');
          throw error;
        })
        .finally(() => {
          refreshing = null;
        });
    }
    return refreshing;
  }

  /** The ID token to call the API with, refreshed first when it is about to expire. */
  async function idToken() {
    if (!tokens) throw new SignInError('Not signed in.');
    if (tokens.expiresAt - Date.now() < STALE_MS) await refresh();
    return tokens.idToken;
  }

  async function signOut() {
    const current = tokens;
    end('');
    if (current && current.refreshToken) {
      await call('RevokeToken', { Token: current.refreshToken, ClientId: config.userPoolClientId }).catch(() => {});
    }
  }

  return {
    signIn,
    signOut,
    refresh,
    idToken,
    expire: () => end('Your session ended: sign in again.'),
  };
}
