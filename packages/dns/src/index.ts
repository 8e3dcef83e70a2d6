export * from './dnsAnswer.js';
export * from './dnsName.js';
export * from './dnsRecords.js';
export * from './dnsServer.js';
export * from './dnsView.js';
export * from './replyCache.js';
export * from './startDns.js';
export * from './dnsEndpoints.js';
