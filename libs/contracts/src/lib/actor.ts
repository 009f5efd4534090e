/**
 * Who made a change through an API, as the caller's verified token says: its subject (a person, or
 * a client's service account) and the client it came through. Every service records it with the
 * changes its API makes; it is never read from a request body.
 */
export interface Actor {
  readonly subject: string;
  readonly clientId: string;
}
