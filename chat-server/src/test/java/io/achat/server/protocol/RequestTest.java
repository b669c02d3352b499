package io.achat.server.protocol;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RequestTest {

    @Test
    void recipientsAreSplitBeforeTheFirstColonTrimmedAndDeduplicatedInOrder() {
        Request request = Request.parse(" bob , alice,bob ,, carol : hi: there ");
        assertThat(request).isInstanceOf(Request.Send.class);
        Request.Send send = (Request.Send) request;
        assertThat(List.copyOf(send.recipients())).containsExactly("bob", "alice", "carol");
        assertThat(send.text()).isEqualTo("hi: there");
    }

    @Test
    void aLineWithoutColonOrRecipientsIsInvalid() {
        assertThat(Request.parse("hello")).isEqualTo(new Request.Invalid("expected 'name[, name...]: message'"));
        assertThat(Request.parse(" , :x")).isEqualTo(new Request.Invalid("no recipient before ':'"));
    }

    @Test
    void commandsStartWithASlash() {
        assertThat(Request.parse(" /who ")).isSameAs(Request.WHO);
        assertThat(Request.parse("/quit")).isSameAs(Request.QUIT);
        assertThat(Request.parse("/Who")).isInstanceOf(Request.Invalid.class);
        assertThat(Request.parse("/x: y")).isEqualTo(new Request.Invalid("unknown command /x: y (commands: /who, /quit)"));
    }

    @Test
    void echoedTextIsAbbreviated() {
        Request.Invalid invalid = (Request.Invalid) Request.parse("/" + "a".repeat(100));
        assertThat(invalid.reason()).hasSizeLessThan(100).contains("...");
    }

}
