package io.achat.shell.commands;

/** A command could not do what it was asked; the message says why, in words for the user. */
class CommandFailedException extends RuntimeException {

    CommandFailedException(String message) {
        super(message);
    }

}
