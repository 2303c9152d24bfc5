package org.closedloop.controller.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.closedloop.controller.audit.AuditLog;
import org.closedloop.controller.audit.AuditVerification;
import org.closedloop.controller.signing.ProtocolSignatures;
import org.closedloop.protocol.config.ProtocolCodec;
import org.closedloop.protocol.config.v1.DaemonRequest;
import org.closedloop.protocol.config.v1.DaemonResponse;
import org.closedloop.protocol.config.v1.ListRequest;
import org.closedloop.protocol.config.v1.RefusalReason;
import org.closedloop.protocol.config.v1.ShowRequest;
import org.closedloop.protocol.config.v1.SignedProtocol;
import org.closedloop.protocol.config.v1.StimulationProtocol;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Uploads over the real Unix socket: what is accepted, every refusal, and the store after each. */
class ProtocolDaemonUploadTest {

    private DaemonFixture fx;
    private StimulationProtocol openLoop;

    @BeforeEach
    void startDaemon() throws Exception {
        fx = new DaemonFixture().start();
        openLoop = DaemonFixture.example("open-loop-10hz.textproto");
    }

    @AfterEach
    void stopDaemon() throws Exception {
        fx.close();
    }

    @Test
    void shouldStoreAValidSignedProtocolUnderItsSha256() throws Exception {
        SignedProtocol s = fx.signedByAlice(openLoop);
        DaemonResponse r = fx.upload(s);
        assertEquals(DaemonResponse.Status.STATUS_OK, r.getStatus(), r.toString());
        assertFalse(r.getAlreadyStored());
        String sha = ProtocolCodec.sha256Hex(s.getProtocol().toByteArray());
        assertEquals(sha, r.getEntry().getSha256());
        assertEquals("open-loop-10hz", r.getEntry().getId());
        assertEquals(s.getKeyId(), r.getEntry().getSignerKeyId());
        assertEquals(Map.of("protocols/" + sha + ".signed.binpb", ProtocolCodec.sha256Hex(s.toByteArray())), fx.snapshot());
    }

    @Test
    void shouldTreatADuplicateUploadAsAlreadyStoredAndChangeNothing() throws Exception {
        SignedProtocol s = fx.signedByAlice(openLoop);
        assertEquals(DaemonResponse.Status.STATUS_OK, fx.upload(s).getStatus());
        Map<String, String> before = fx.snapshot();
        DaemonResponse again = fx.upload(s);
        assertEquals(DaemonResponse.Status.STATUS_OK, again.getStatus(), again.toString());
        assertTrue(again.getAlreadyStored());
        assertEquals("already stored", again.getMessage());
        assertEquals(before, fx.snapshot());
    }

    @Test
    void shouldStoreConcurrentDuplicateUploadsExactlyOnce() throws Exception {
        SignedProtocol s = fx.signedByAlice(openLoop);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<DaemonResponse>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                results.add(pool.submit((Callable<DaemonResponse>) () -> fx.upload(s)));
            }
            int stored = 0;
            for (Future<DaemonResponse> f : results) {
                DaemonResponse r = f.get();
                assertEquals(DaemonResponse.Status.STATUS_OK, r.getStatus(), r.toString());
                stored += r.getAlreadyStored() ? 0 : 1;
            }
            assertEquals(1, stored);
            assertEquals(1, fx.snapshot().size());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void shouldRefuseAnUnsignedProtocol() throws Exception {
        SignedProtocol unsigned = SignedProtocol.newBuilder().setProtocol(openLoop.toByteString()).build();
        assertRefused(unsigned, RefusalReason.REFUSAL_REASON_UNSIGNED, "closedloop protocol sign");
        SignedProtocol noKeyId = fx.signedByAlice(openLoop).toBuilder().clearKeyId().build();
        assertRefused(noKeyId, RefusalReason.REFUSAL_REASON_UNSIGNED, "not signed");
    }

    @Test
    void shouldRefuseAProtocolSignedByAnUnknownKey() throws Exception {
        SignedProtocol s = ProtocolSignatures.sign(ProtocolCodec.toBinary(openLoop), fx.mallory);
        assertRefused(s, RefusalReason.REFUSAL_REASON_UNKNOWN_KEY, "key id=" + s.getKeyId());
    }

    @Test
    void shouldRefuseATamperedProtocol() throws Exception {
        SignedProtocol s = fx.signedByAlice(openLoop);
        // same signature and key id, protocol changed after signing: 750 µA becomes 1000 µA
        StimulationProtocol changed = openLoop.toBuilder().setBlocks(0, openLoop.getBlocks(0).toBuilder()
                .setComponents(0, openLoop.getBlocks(0).getComponents(0).toBuilder()
                        .setElectrodes(0, openLoop.getBlocks(0).getComponents(0).getElectrodes(0).toBuilder().setPeakAmplitudeUa(1000))
                        .setElectrodes(1, openLoop.getBlocks(0).getComponents(0).getElectrodes(1).toBuilder().setPeakAmplitudeUa(1000))))
                .build();
        assertRefused(s.toBuilder().setProtocol(changed.toByteString()).build(), RefusalReason.REFUSAL_REASON_BAD_SIGNATURE,
                "changed after signing");
        byte[] flipped = s.getSignature().toByteArray();
        flipped[10] ^= 1;
        assertRefused(s.toBuilder().setSignature(ByteString.copyFrom(flipped)).build(),
                RefusalReason.REFUSAL_REASON_BAD_SIGNATURE, "does not match");
        assertRefused(s.toBuilder().setSignature(s.getSignature().substring(0, 63)).build(),
                RefusalReason.REFUSAL_REASON_BAD_SIGNATURE, "does not match");
    }

    @Test
    void shouldRefuseAProtocolAboveTheProtocolCap() throws Exception {
        StimulationProtocol big = openLoop.toBuilder().setDescription("x".repeat(ProtocolCodec.MAX_PROTOCOL_BYTES)).build();
        assertRefused(fx.signedByAlice(big), RefusalReason.REFUSAL_REASON_TOO_LARGE, "above the limit of 262144 bytes");
    }

    @Test
    void shouldRefuseARequestAboveTheRequestCapWithoutReadingIt() throws Exception {
        Map<String, String> before = fx.snapshot();
        // a real 2 MiB request: the daemon answers from the length prefix and closes; the client's write then fails,
        // and the client still reads the answer
        StimulationProtocol huge = openLoop.toBuilder().setDescription("x".repeat(2 * 1024 * 1024)).build();
        DaemonResponse r = fx.upload(fx.signedByAlice(huge));
        assertEquals(RefusalReason.REFUSAL_REASON_TOO_LARGE, r.getReason(), r.toString());
        assertTrue(r.getMessage().contains("above the limit of 1048576 bytes"), r.getMessage());
        // a prefix that declares 1 GiB, followed by nothing: answered at once
        DaemonResponse lying = DaemonClient.call(fx.socket, out -> {
            CodedOutputStream c = CodedOutputStream.newInstance(out);
            c.writeUInt32NoTag(1 << 30);
            c.flush();
        });
        assertEquals(RefusalReason.REFUSAL_REASON_TOO_LARGE, lying.getReason(), lying.toString());
        assertEquals(before, fx.snapshot());
    }

    @Test
    void shouldRefuseSignedBytesThatAreNotAProtocol() throws Exception {
        byte[] garbage = {(byte) 0xff, (byte) 0xff, (byte) 0xff, 0x01, 0x02};
        assertRefused(ProtocolSignatures.sign(garbage, fx.alice), RefusalReason.REFUSAL_REASON_PARSE_ERROR, "not a valid");
        // a protocol from a newer schema: a field this controller does not know
        byte[] withUnknown = openLoop.toBuilder().setUnknownFields(com.google.protobuf.UnknownFieldSet.newBuilder()
                .addField(1500, com.google.protobuf.UnknownFieldSet.Field.newBuilder().addVarint(7).build()).build())
                .build().toByteArray();
        assertRefused(ProtocolSignatures.sign(withUnknown, fx.alice), RefusalReason.REFUSAL_REASON_PARSE_ERROR,
                "#1500: unknown field number 1500");
    }

    @Test
    void shouldRefuseAnInvalidProtocolWithEveryProblem() throws Exception {
        DaemonResponse r = assertRefused(fx.signedByAlice(DaemonFixture.example("hostile.textproto")),
                RefusalReason.REFUSAL_REASON_INVALID, "has 12 problems");
        assertEquals(12, r.getProblemsCount(), r.toString());
        assertTrue(r.getProblemsList().contains("blocks[0].components[0].frequency_hz = 200: safety frequency component=0 "
                + "value=200 Hz limit=150 Hz (allowed 0.5-150.0 Hz)"), r.getProblemsList().toString());
    }

    @Test
    void shouldRefuseADifferentProtocolWithAnIdAndVersionAlreadyStored() throws Exception {
        assertEquals(DaemonResponse.Status.STATUS_OK, fx.upload(fx.signedByAlice(openLoop)).getStatus());
        StimulationProtocol sameVersion = openLoop.toBuilder().setTitle("changed, same version").build();
        assertRefused(fx.signedByAlice(sameVersion), RefusalReason.REFUSAL_REASON_VERSION_CONFLICT, "increase the version");
        DaemonResponse bumped = fx.upload(fx.signedByAlice(sameVersion.toBuilder().setVersion(2).build()));
        assertEquals(DaemonResponse.Status.STATUS_OK, bumped.getStatus(), bumped.toString());
    }

    @Test
    void shouldRefuseMalformedRequests() throws Exception {
        Map<String, String> before = fx.snapshot();
        DaemonResponse garbage = DaemonClient.call(fx.socket, out -> {
            out.write(3);
            out.write(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff});
        });
        assertEquals(RefusalReason.REFUSAL_REASON_MALFORMED_REQUEST, garbage.getReason(), garbage.toString());
        DaemonResponse badPrefix = DaemonClient.call(fx.socket, out -> out.write(new byte[] {(byte) 0xff, (byte) 0xff,
                (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 1}));
        assertEquals(RefusalReason.REFUSAL_REASON_MALFORMED_REQUEST, badPrefix.getReason(), badPrefix.toString());
        DaemonResponse empty = DaemonClient.call(fx.socket, DaemonRequest.getDefaultInstance());
        assertEquals(RefusalReason.REFUSAL_REASON_MALFORMED_REQUEST, empty.getReason(), empty.toString());
        assertRefused(SignedProtocol.getDefaultInstance(), RefusalReason.REFUSAL_REASON_MALFORMED_REQUEST, "no protocol");
        assertEquals(before, fx.snapshot());
    }

    @Test
    void shouldRefuseUploadsWhileASessionRuns() throws Exception {
        fx.stop();
        fx.start(() -> Optional.of("session S-0001 is running protocol open-loop-10hz"), ProtocolStore.WriteHook.NONE);
        assertRefused(fx.signedByAlice(openLoop), RefusalReason.REFUSAL_REASON_SESSION_RUNNING, "session S-0001");
    }

    @Test
    void shouldListAndShowStoredProtocolsBySha256PrefixIdAndVersion() throws Exception {
        DaemonResponse v1 = fx.upload(fx.signedByAlice(openLoop));
        StimulationProtocol p2 = openLoop.toBuilder().setVersion(2).setTitle("v2").build();
        DaemonResponse v2 = fx.upload(fx.signedByAlice(p2));
        fx.upload(fx.signedByAlice(DaemonFixture.example("motor-cortex-stroke.textproto")));
        DaemonResponse list = DaemonClient.call(fx.socket, DaemonRequest.newBuilder().setList(ListRequest.getDefaultInstance()).build());
        assertEquals(List.of("motor-cortex-stroke@1", "open-loop-10hz@1", "open-loop-10hz@2"),
                list.getEntriesList().stream().map(e -> e.getId() + "@" + e.getVersion()).toList());

        assertEquals(v2.getEntry().getSha256(), show("open-loop-10hz").getEntry().getSha256());
        assertEquals(v1.getEntry().getSha256(), show("open-loop-10hz@1").getEntry().getSha256());
        DaemonResponse bySha = show(v1.getEntry().getSha256().substring(0, 12));
        assertEquals(v1.getEntry().getSha256(), bySha.getEntry().getSha256());
        assertEquals(openLoop, ProtocolCodec.parseText(bySha.getProtocolText()));
        assertEquals(RefusalReason.REFUSAL_REASON_NOT_FOUND, show("nope").getReason());
        assertEquals(RefusalReason.REFUSAL_REASON_NOT_FOUND, show("open-loop-10hz@3").getReason());
    }

    private DaemonResponse show(String selector) throws Exception {
        return DaemonClient.call(fx.socket, DaemonRequest.newBuilder()
                .setShow(ShowRequest.newBuilder().setSelector(selector)).build());
    }

    /** Uploads, expects a refusal for {@code reason} whose message contains {@code text}, and an unchanged store. */
    private DaemonResponse assertRefused(SignedProtocol s, RefusalReason reason, String text) throws Exception {
        Map<String, String> before = fx.snapshot();
        DaemonResponse r = fx.upload(s);
        assertEquals(DaemonResponse.Status.STATUS_REFUSED, r.getStatus(), r.toString());
        assertEquals(reason, r.getReason(), r.toString());
        assertTrue(r.getMessage().contains(text), r.getMessage());
        assertEquals(before, fx.snapshot(), "a refused upload must leave the store unchanged");
        assertTrue(Files.list(fx.storeDir.resolve("protocols")).noneMatch(
                f -> f.getFileName().toString().startsWith(ProtocolStore.TEMP_PREFIX)), "no temp file may remain");
        // ... and is recorded in the audit log, chained, with its reason and the uploading user
        Path log = fx.storeDir.resolve(ProtocolDaemon.AUDIT_LOG_NAME);
        AuditVerification v = AuditLog.verify(log);
        assertTrue(v.intact(), v.problem());
        List<String> lines = Files.readAllLines(log);
        String last = lines.get(lines.size() - 1);
        assertTrue(last.contains("\tprotocol.upload\t" + System.getProperty("user.name") + "\trefused " + reason.name()), last);
        return r;
    }
}
