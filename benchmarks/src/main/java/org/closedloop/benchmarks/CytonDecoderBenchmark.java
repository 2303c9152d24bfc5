package org.closedloop.benchmarks;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.closedloop.protocol.cyton.CytonPacketEncoder;
import org.closedloop.protocol.cyton.CytonStreamDecoder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Cost per packet of the streaming Cyton decoder, fed in 33-byte reads (one packet per pty read, as on the
 * simulator) and with 10% garbage bursts. Run with {@code -prof gc} to see the allocation per packet (expect ~0 B/op).
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar CytonDecoderBenchmark -prof gc</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CytonDecoderBenchmark {
    private static final int PACKETS = 1024;

    private byte[] clean;
    private byte[] dirty;
    private CytonStreamDecoder decoder;
    private long checksum;

    @Setup
    public void setUp() {
        SplittableRandom rnd = new SplittableRandom(42);
        clean = new byte[PACKETS * 33];
        int[] counts = new int[8];
        java.io.ByteArrayOutputStream d = new java.io.ByteArrayOutputStream();
        byte[] one = new byte[33];
        for (int i = 0; i < PACKETS; i++) {
            for (int ch = 0; ch < 8; ch++) {
                counts[ch] = rnd.nextInt(-8_388_608, 8_388_608);
            }
            CytonPacketEncoder.encodeAccel(i, counts, new int[] {0, 0, 8000}, clean, i * 33);
            CytonPacketEncoder.encodeAccel(i, counts, new int[] {0, 0, 8000}, one, 0);
            d.write(one, 0, 33);
            if (i % 10 == 5) {
                byte[] g = new byte[1 + rnd.nextInt(32)];
                rnd.nextBytes(g);
                d.write(g, 0, g.length);
            }
        }
        dirty = d.toByteArray();
        decoder = new CytonStreamDecoder(p -> checksum += p.channelCount(0) + p.sampleNumber());
    }

    /** One packet per read, in sync: the common case on a live link. */
    @Benchmark
    @OperationsPerInvocation(PACKETS)
    public void packetPerRead(Blackhole bh) {
        for (int i = 0; i < PACKETS; i++) {
            decoder.feed(clean, i * 33, 33);
        }
        bh.consume(checksum);
    }

    /** 4 KiB reads of a stream with garbage bursts after every tenth packet: resynchronisation cost included. */
    @Benchmark
    @OperationsPerInvocation(PACKETS)
    public void withGarbage(Blackhole bh) {
        for (int off = 0; off < dirty.length; off += 4096) {
            decoder.feed(dirty, off, Math.min(4096, dirty.length - off));
        }
        decoder.flush();
        bh.consume(checksum);
    }
}
