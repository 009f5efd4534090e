import { localKafkaPassword } from '@rebound/kafka';
/** Prints the local stack's Kafka password of each user named on the command line, one per line (for scripts/lib/kafka.sh). */

for (const user of process.argv.slice(2)) console.log(localKafkaPassword(user));
