package org.closedloop.protocol.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.closedloop.protocol.config.v1.ElectrodeRole;
import org.closedloop.protocol.config.v1.SignedProtocol;
import org.closedloop.protocol.config.v1.StimulationElectrode;
import org.closedloop.protocol.config.v1.StimulationProtocol;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ProtocolCodecTest {

    private static final Path EXAMPLES = Path.of("..", "examples");

    static Stream<Path> exampleFiles() throws IOException {
        try (Stream<Path> files = Files.list(EXAMPLES)) {
            List<Path> list = files.filter(p -> p.toString().endsWith(".textproto")).sorted().toList();
            assertTrue(list.size() >= 5, "examples/ should hold the five example protocols, found " + list);
            return list.stream();
        }
    }

    @ParameterizedTest
    @MethodSource("exampleFiles")
    void shouldRoundTripEveryExampleTextToBinaryToText(Path file) throws Exception {
        StimulationProtocol fromText = ProtocolCodec.parseText(Files.readString(file));
        byte[] binary = ProtocolCodec.toBinary(fromText);
        StimulationProtocol fromBinary = ProtocolCodec.parseBinary(binary);
        assertEquals(fromText, fromBinary);
        StimulationProtocol fromPrinted = ProtocolCodec.parseText(ProtocolCodec.toText(fromBinary));
        assertEquals(fromText, fromPrinted);
        // canonical: the same protocol always serializes to the same bytes, so its sha256 is its identity
        assertArrayEquals(binary, ProtocolCodec.toBinary(fromPrinted));
        assertEquals(ProtocolCodec.sha256Hex(binary), ProtocolCodec.sha256Hex(ProtocolCodec.toBinary(fromPrinted)));
    }

    @Test
    void shouldReadFilesByExtension(@TempDir Path dir) throws Exception {
        StimulationProtocol p = ProtocolCodec.readFile(EXAMPLES.resolve("open-loop-10hz.textproto"));
        Path bin = dir.resolve("p.binpb");
        Files.write(bin, ProtocolCodec.toBinary(p));
        assertEquals(p, ProtocolCodec.readFile(bin));
        Path signed = dir.resolve("p.signed.binpb");
        Files.write(signed, SignedProtocol.newBuilder().setProtocol(p.toByteString()).build().toByteArray());
        assertEquals(p, ProtocolCodec.readFile(signed));
        Path odd = dir.resolve("p.json");
        Files.writeString(odd, "{}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ProtocolCodec.readFile(odd));
        assertTrue(e.getMessage().contains(".textproto"), e.getMessage());
    }

    @Test
    void shouldReportUnknownTextFieldWithLineAndColumn() {
        String text = "id: \"x\"\nversion: 1\n  colour: \"red\"\n";
        ProtocolParseException e = assertThrows(ProtocolParseException.class, () -> ProtocolCodec.parseText(text));
        assertEquals(3, e.line(), e.getMessage());
        assertEquals(3, e.column(), e.getMessage());
        assertTrue(e.reason().contains("colour"), e.reason());
    }

    @Test
    void shouldReportUnknownNestedTextFieldWithLineAndColumn() {
        String text = "montage {\n  stimulation_electrodes { label: \"C3\" area: 25 }\n}\n";
        ProtocolParseException e = assertThrows(ProtocolParseException.class, () -> ProtocolCodec.parseText(text));
        assertEquals(2, e.line(), e.getMessage());
        assertEquals(40, e.column(), e.getMessage());
        assertTrue(e.reason().contains("area"), e.reason());
    }

    @Test
    void shouldReportWrongTypesWithLineAndColumn() {
        assertPosition("id: \"x\"\nversion: \"one\"\n", 2, 10);
        assertPosition("acquisition {\n  sample_rate_hz: 250.5\n}\n", 2, 19);
        assertPosition("montage { recording_channels { board_channel: -1 } }\n", 1, 47);
        assertPosition("blocks { components { frequency_hz: ten } }\n", 1, 37);
        assertPosition("montage { stimulation_electrodes { role: ELECTRODE_ROLE_ANODE } }\n", 1, 42);
        assertPosition("blocks { sham: maybe }\n", 1, 16);
    }

    @Test
    void shouldRejectAFieldWrittenTwice() {
        // reported at the colon after the second "id"
        assertPosition("id: \"a\"\nid: \"b\"\n", 2, 3);
    }

    @Test
    void shouldRejectBothFrequencyChoicesOfOneComponent() {
        assertPosition("blocks { components { frequency_hz: 10 track_iaf { min_hz: 8 max_hz: 12 } } }\n", 1, 40);
    }

    @Test
    void shouldRejectAnUnknownBinaryFieldWithItsPath() throws Exception {
        StimulationProtocol p = StimulationProtocol.newBuilder().setId("x").setVersion(1).build();
        ByteArrayOutputStream extra = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(extra);
        out.writeUInt32(1500, 7); // a field number from the range reserved for a lab's fork
        out.flush();
        byte[] bytes = concat(p.toByteArray(), extra.toByteArray());
        ProtocolParseException e = assertThrows(ProtocolParseException.class, () -> ProtocolCodec.parseBinary(bytes));
        assertTrue(e.reason().contains("#1500: unknown field number 1500"), e.reason());
        assertTrue(e.reason().contains("newer schema"), e.reason());
    }

    @Test
    void shouldRejectAnUnknownEnumValueInBinaryWithItsPath() {
        StimulationProtocol p = StimulationProtocol.newBuilder()
                .setMontage(org.closedloop.protocol.config.v1.Montage.newBuilder()
                        .addStimulationElectrodes(StimulationElectrode.newBuilder().setLabel("C3").setAreaCm2(25)
                                .setRole(ElectrodeRole.ELECTRODE_ROLE_ACTIVE))
                        .addStimulationElectrodes(StimulationElectrode.newBuilder().setLabel("C4").setAreaCm2(25)
                                .setRoleValue(7)))
                .build();
        ProtocolParseException e = assertThrows(ProtocolParseException.class,
                () -> ProtocolCodec.parseBinary(p.toByteArray()));
        assertTrue(e.reason().contains("montage.stimulation_electrodes[1].role: unknown ElectrodeRole value 7"),
                e.reason());
    }

    @Test
    void shouldRejectASignedEnvelopeReadAsAPlainProtocol() {
        SignedProtocol s = SignedProtocol.newBuilder()
                .setProtocol(StimulationProtocol.newBuilder().setId("x").build().toByteString())
                .setSignature(com.google.protobuf.ByteString.copyFrom(new byte[64])).setKeyId("0123456789abcdef")
                .build();
        assertThrows(ProtocolParseException.class, () -> ProtocolCodec.parseBinary(s.toByteArray()));
    }

    @Test
    void shouldRejectGarbageAndOversizedBinary() {
        assertThrows(ProtocolParseException.class, () -> ProtocolCodec.parseBinary(new byte[] {(byte) 0xff, 0x01}));
        ProtocolParseException e = assertThrows(ProtocolParseException.class,
                () -> ProtocolCodec.parseBinary(new byte[ProtocolCodec.MAX_PROTOCOL_BYTES + 1]));
        assertTrue(e.reason().contains("above the limit"), e.reason());
    }

    @Test
    void shouldRejectATextFileThatIsNotUtf8(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("bad.textproto");
        Files.write(f, new byte[] {'i', 'd', ':', ' ', '"', (byte) 0xC3, (byte) 0x28, '"'});
        ProtocolParseException e = assertThrows(ProtocolParseException.class, () -> ProtocolCodec.readFile(f));
        assertTrue(e.reason().contains("UTF-8"), e.reason());
    }

    @Test
    void shouldKeepNonAsciiTextReadableWhenPrinting() throws Exception {
        StimulationProtocol p = ProtocolCodec.parseText("description: \"5 µA steps\"\n");
        assertTrue(ProtocolCodec.toText(p).contains("5 µA steps"), ProtocolCodec.toText(p));
        assertEquals(p, ProtocolCodec.parseText(new String(ProtocolCodec.toText(p).getBytes(StandardCharsets.UTF_8),
                StandardCharsets.UTF_8)));
    }

    private static void assertPosition(String text, int line, int column) {
        ProtocolParseException e = assertThrows(ProtocolParseException.class, () -> ProtocolCodec.parseText(text),
                text);
        assertEquals(line + ":" + column, e.line() + ":" + e.column(), e.getMessage());
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
