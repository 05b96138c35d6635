package io.insidersync.insider;

/** A user whole, with its JSON exactly as a request body will hold it: what a batch is built from. */
record WrittenUser(InsiderUser user, byte[] json) {
}
