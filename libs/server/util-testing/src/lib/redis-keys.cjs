// @ts-check
// Deletes a test's or a bench's Redis keys. Plain CommonJS for the same reason as
// tcp-proxy.cjs: the tests load it through @landing/server/util-testing, and the tools'
// benches (tools/audit-bench) import this file directly. Types in redis-keys.d.cts.
'use strict';

const { Redis } = require('ioredis');

/**
 * See redis-keys.d.cts.
 * @param {string} url
 * @param {string} prefix
 * @returns {Promise<void>}
 */
async function deleteKeysWithPrefix(url, prefix) {
  const redis = new Redis(url, { maxRetriesPerRequest: 2 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(
        cursor,
        'MATCH',
        `${prefix}:*`,
        'COUNT',
        1000,
      );
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

exports.deleteKeysWithPrefix = deleteKeysWithPrefix;
