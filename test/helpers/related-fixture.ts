/** A journal on screen, the past incident like it and two unlike it: the fixture of the app's `R` tests. */
import {incident} from './app.js';

export const kafkaNow = '2026-11-21_kafka-rebalancing.md';
export const kafkaPast = '2025/2025-04-02_kafka-rebalance-stalls-orders.md';

export const kafkaFiles: Readonly<Record<string, string>> = {
	[kafkaNow]: incident('Kafka consumers keep rebalancing on orders', {entries: ['[14:02] - Consumer lag alert fired']}),
	[kafkaPast]: incident('Kafka consumer group rebalancing stalls the orders pipeline', {
		date: '2025-04-02',
		entries: ['[09:15] - Partitions bounced between members'],
		extra: 'Static group membership and the cooperative-sticky assignor.',
	}),
	'2025/2025-07-01_cert-expiry.md': incident('Certificate expiry on the gateway', {
		date: '2025-07-01',
		extra: 'Renewed by hand.',
	}),
	'2025/2025-08-01_dns.md': incident('DNS resolution failures on billing', {date: '2025-08-01', extra: 'ndots 1.'}),
};
