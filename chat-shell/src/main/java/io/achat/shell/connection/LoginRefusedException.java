package io.achat.shell.connection;

import java.io.IOException;

/** The server refused the login; the message is the server's own reason. */
public class LoginRefusedException extends IOException {

    public LoginRefusedException(String reason) {
        super(reason);
    }

}
