// Secure Remote Password as Amazon Cognito's USER_SRP_AUTH speaks it (the 3072-bit group of RFC 5054, SHA-256,
// Cognito's key derivation and claim signature), with BigInt and WebCrypto: the password never leaves the page.
// The steps follow the user pool's documented flow: A = g^a, then, from the pool's salt and B,
// x = H(salt | H(poolName | userId | ":" | password)), S = (B - k g^x)^(a + u x), a 16-byte key derived from S
// and u, and an HMAC over the pool name, user id, secret block and timestamp.

const N_HEX =
  'FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD' +
  'EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED' +
  'EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F' +
  '83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B' +
  'E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA0510' +
  '15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7' +
  'ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200C' +
  'BBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF';
const N = BigInt('0x' + N_HEX);
const G = 2n;
const INFO = new TextEncoder().encode('Caldera Derived Key\u0001');
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function mod(value, m) {
  const r = value % m;
  return r < 0n ? r + m : r;
}

export function modPow(base, exponent, m) {
  let result = 1n;
  let b = mod(base, m);
  let e = exponent;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % m;
    b = (b * b) % m;
    e >>= 1n;
  }
  return result;
}

/** Even-length hex of a non-negative integer, with a 00 byte in front when the top bit is set (Cognito's form). */
function padHex(value) {
  let hex = value.toString(16);
  if (hex.length % 2) hex = '0' + hex;
  return /^[89a-f]/.test(hex) ? '00' + hex : hex;
}

function hexToBytes(hex) {
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i += 1) bytes[i] = parseInt(hex.substr(i * 2, 2), 16);
  return bytes;
}

function bytesToHex(bytes) {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

function concat(...parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

async function sha256Hex(bytes) {
  return bytesToHex(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes)));
}

async function hmac(key, message) {
  const imported = await crypto.subtle.importKey('raw', key, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return new Uint8Array(await crypto.subtle.sign('HMAC', imported, message));
}

function base64ToBytes(text) {
  return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
}

function bytesToBase64(bytes) {
  return btoa(String.fromCharCode(...bytes));
}

/** Cognito's TIMESTAMP: "Tue Sep 3 07:04:05 UTC 2024" (the day of the month not padded). */
export function cognitoTimestamp(at = new Date()) {
  const two = (n) => String(n).padStart(2, '0');
  return `${DAYS[at.getUTCDay()]} ${MONTHS[at.getUTCMonth()]} ${at.getUTCDate()} ` +
    `${two(at.getUTCHours())}:${two(at.getUTCMinutes())}:${two(at.getUTCSeconds())} UTC ${at.getUTCFullYear()}`;
}

/** The client's secret a (128 random bytes) and its public A = g^a mod N, sent as SRP_A. */
export function startSrp() {
  const random = crypto.getRandomValues(new Uint8Array(128));
  const a = BigInt('0x' + bytesToHex(random));
  const A = modPow(G, a, N);
  return { a, A, srpA: A.toString(16) };
}

/**
 * PASSWORD_CLAIM_SIGNATURE for the pool's PASSWORD_VERIFIER challenge.
 * @param {{poolName: string, userId: string, password: string, a: bigint, A: bigint, srpB: string,
 *          salt: string, secretBlock: string, timestamp: string}} claim
 */
export async function passwordClaimSignature(claim) {
  const B = BigInt('0x' + claim.srpB);
  if (B % N === 0n) throw new Error('The user pool sent an invalid SRP_B.');
  const k = BigInt('0x' + (await sha256Hex(hexToBytes(padHex(N) + padHex(G)))));
  const u = BigInt('0x' + (await sha256Hex(hexToBytes(padHex(claim.A) + padHex(B)))));
  if (u === 0n) throw new Error('The user pool sent an invalid SRP_B.');
  const identity = await sha256Hex(new TextEncoder().encode(`${claim.poolName}${claim.userId}:${claim.password}`));
  const x = BigInt('0x' + (await sha256Hex(hexToBytes(padHex(BigInt('0x' + claim.salt)) + identity))));
  const S = modPow(mod(B - k * modPow(G, x, N), N), claim.a + u * x, N);
  const prk = await hmac(hexToBytes(padHex(u)), hexToBytes(padHex(S)));
  const key = (await hmac(prk, INFO)).slice(0, 16);
  const encoder = new TextEncoder();
  const message = concat(
    encoder.encode(claim.poolName),
    encoder.encode(claim.userId),
    base64ToBytes(claim.secretBlock),
    encoder.encode(claim.timestamp),
  );
  return bytesToBase64(await hmac(key, message));
}
