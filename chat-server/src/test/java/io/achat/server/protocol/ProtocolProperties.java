package io.achat.server.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The line format over arbitrary input: whatever a client sends, parsing and the login rules
 * answer with a request or a reason, never an exception, and what they accept is what the
 * protocol says.
 */
class ProtocolProperties {

    @Property(tries = 2000)
    void anyLineParsesToARequestOrAShortReason(@ForAll("lines") String line) {
        Request request = Request.parse(line);
        assertThat(request).isNotNull();
        if (request instanceof Request.Invalid invalid) {
            assertThat(invalid.reason()).as("an error line echoes at most a short prefix").hasSizeLessThan(120);
        }
        if (line.strip().startsWith("/")) {
            assertThat(request).as("a command is never a message").isNotInstanceOf(Request.Send.class);
        }
    }

    @Property(tries = 2000)
    void aDeliveryIsTheSendersPrefixTheTextInUtf8AndALineFeed(@ForAll("lines") String text) {
        assertThat(ServerLines.delivery(ServerLines.deliveryPrefix("ann"), text))
            .isEqualTo(("from ann: " + text + "\n").getBytes(StandardCharsets.UTF_8));
    }

    @Property(tries = 2000)
    void aMessageNamesEachRecipientOnceAndIsTheTrimmedRestAfterTheFirstColon(@ForAll("lines") String line) {
        if (Request.parse(line) instanceof Request.Send send) {
            int colon = line.indexOf(':');
            assertThat(colon).isNotNegative();
            assertThat(send.text()).isEqualTo(line.substring(colon + 1).strip());
            assertThat(send.recipients()).isNotEmpty().allSatisfy(name -> {
                assertThat(name).isNotEmpty().isEqualTo(name.strip()).doesNotContain(",", ":");
                assertThat(line.substring(0, colon)).contains(name);
            });
        }
    }

    @Property(tries = 1000)
    void whatAClientWritesAsRecipientsAndTextIsWhatIsRouted(@ForAll @Size(min = 1, max = 5) List<@From("names") String> names,
            @ForAll("text") String text) {
        Request request = Request.parse(String.join(", ", names) + ": " + text);
        assertThat(request).isEqualTo(new Request.Send(new LinkedHashSet<>(names), text.strip()));
    }

    @Property(tries = 2000)
    void anyLoginIsAcceptedOrRefusedWithAReasonAndAcceptedOnesFollowTheRules(@ForAll("lines") String line) {
        String name = line.strip();
        LoginName.problem(name).ifPresentOrElse(reason -> assertThat(reason).isNotBlank(), () -> {
            assertThat(name.codePointCount(0, name.length())).isBetween(1, LoginName.MAX_LENGTH);
            assertThat(name).doesNotStartWith("/").doesNotContain(",", ":");
            assertThat(name.codePoints()).noneMatch(c -> Character.isWhitespace(c) || Character.isSpaceChar(c)
                    || Character.isISOControl(c));
        });
    }

    @Property(tries = 1000)
    void wellFormedLoginsAreAccepted(@ForAll("names") String name) {
        assertThat(LoginName.problem(name)).isEmpty();
    }

    @Property(tries = 3000)
    void anyBytesDecodeExactlyWhenTheyAreUtf8(@ForAll @Size(max = 64) byte[] bytes) {
        CharSequence decoded = Utf8.textOrNull(bytes);
        String text = decoded == null ? null : decoded.toString();
        boolean wellFormed;
        try {
            StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes));
            wellFormed = true;
        }
        catch (CharacterCodingException ex) {
            wellFormed = false;
        }
        assertThat(text != null).isEqualTo(wellFormed);
        if (text != null) {
            assertThat(text.getBytes(StandardCharsets.UTF_8)).isEqualTo(bytes);
        }
    }

    /** The broker parses ASCII lines as views of their bytes: the outcome must be the parse of the String. */
    @Property(tries = 3000)
    void anAsciiLineParsesTheSameAsAViewOfItsBytes(@ForAll("asciiLines") String line) {
        Request fromString = Request.parse(line);
        Request fromBytes = Request.parse(Utf8.textOrNull(line.getBytes(StandardCharsets.US_ASCII)));
        if (fromString instanceof Request.Send send) {
            Request.Send view = (Request.Send) fromBytes;
            assertThat(view.recipients()).containsExactlyElementsOf(send.recipients());
            assertThat(view.text()).hasToString(send.text().toString());
            assertThat(ServerLines.delivery(ServerLines.deliveryPrefix("ann"), view.text()))
                .isEqualTo(ServerLines.delivery(ServerLines.deliveryPrefix("ann"), send.text()));
        }
        else {
            assertThat(fromBytes).isEqualTo(fromString);
        }
    }

    /** ASCII text a client may send: protocol characters, white space of every kind, controls, letters. */
    @Provide
    Arbitrary<String> asciiLines() {
        Arbitrary<String> structured = Arbitraries.strings()
            .withChars(':', ',', '/', ' ', '\t', '\r', '\u000b', '\u001c', '\u001f', '\u0000', 'a', 'b', 'w', 'h', 'o')
            .ofMaxLength(40);
        return Arbitraries.oneOf(structured, Arbitraries.strings().ascii().ofMaxLength(120),
                Arbitraries.of("/who", " /quit ", "/", ":", ",:", " , : x", "a,,b: c", "a: b: c", "\u001f/who\u000b"));
    }

    /** Text a client may send: protocol characters, spaces, controls, surrogate pairs and anything else. */
    @Provide
    Arbitrary<String> lines() {
        Arbitrary<String> structured = Arbitraries.strings()
            .withChars(':', ',', '/', ' ', '\t', '\r', '\u0000', '\u00a0', '\u2028', 'a', 'b', 'é')
            .withCharRange('\ud83d', '\ud83d')
            .withCharRange('\ude00', '\ude10')
            .ofMaxLength(60);
        return Arbitraries.oneOf(structured, Arbitraries.strings().all().ofMaxLength(200),
                Arbitraries.of("/who", " /quit ", "/", "/WHO", ":", ",:", " , : x", "a,,b: c", "a: b: c"));
    }

    @Provide
    Arbitrary<String> names() {
        return Arbitraries.strings().alpha().numeric().withChars('é', 'ß', '_', '-', '.', '世').ofMinLength(1).ofMaxLength(32)
            .filter(name -> !name.startsWith("/"));
    }

    @Provide
    Arbitrary<String> text() {
        return Arbitraries.strings().all().ofMaxLength(100).filter(t -> !t.contains("\n"));
    }

}
