package io.achat.server;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The real server jar for a whole test class, on a random port:
 * {@code @RegisterExtension static ServerProcessExtension server = new ServerProcessExtension();}
 */
public final class ServerProcessExtension implements BeforeAllCallback, AfterAllCallback {

    private ServerProcess process;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        this.process = ServerProcess.start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        this.process.close();
    }

    public int port() {
        return this.process.port();
    }

}
