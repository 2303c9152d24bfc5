package org.closedloop.controller.stim;

import org.closedloop.protocol.link.FaultCode;

/**
 * The stimulator role: what the scheduler needs from the device, in host time. The real adapter is
 * {@link SerialStimulator} (jssc on {@code /dev/ttyACM0}, or on the simulator's pseudo-terminal, which is how the
 * simulator is wired in).
 *
 * <p>Blocking calls ({@link #connect()}, {@link #configure}, {@link #measureImpedance()}, {@link #resetFault}) wait
 * for the device's answer with a deadline and are only made while no run is active. The streaming calls
 * ({@link #sendBlock}, {@link #endRun}, {@link #heartbeat()}, {@link #stopNow()}) write one frame and return; they
 * allocate nothing.
 *
 * <p><b>Thread safety:</b> every method but the status and fault getters is called from one thread (the stimulation
 * loop); the getters may be called from any thread. Frames arrive on the adapter's own reader thread.
 */
public interface Stimulator extends AutoCloseable {

    /**
     * Opens the link, starts a session (HELLO with a fresh nonce) and synchronises the clock (a few heartbeat
     * exchanges). A device that reports a latched fault is still connected: the fault is in the identity.
     *
     * @throws StimulatorException if the port cannot be opened or the device does not answer in time
     */
    DeviceIdentity connect() throws StimulatorException;

    /** The identity of the current session, or null before {@link #connect()}. */
    DeviceIdentity identity();

    /** CONFIGURE: {@code channelCount} channels with these contact areas (0.01 cm² units); needs the device IDLE. */
    void configure(int channelCount, int[] areaCentiCm2) throws StimulatorException;

    /** Measures every configured electrode (the device must be IDLE); takes about 20 ms. */
    ImpedanceReport measureImpedance() throws StimulatorException;

    /**
     * Writes one setpoint block: sample {@code i} of every channel is output at host time
     * {@code startNs + i · 1 ms}, mapped to the device clock here.
     *
     * @param interleavedMicroAmps {@code [sample * channelCount + channel]}, each within ±32767
     */
    void sendBlock(long blockSeq, long startNs, int channelCount, int sampleCount, int[] interleavedMicroAmps)
            throws StimulatorException;

    /** END_RUN: the block {@code lastBlockSeq} is the last of the run. */
    void endRun(long lastBlockSeq) throws StimulatorException;

    /** HEARTBEAT: feeds the device's watchdog; the answering STATUS also feeds the clock synchronisation. */
    void heartbeat() throws StimulatorException;

    /**
     * STOP: zero the output now and drop the queue. Never throws and never blocks on an answer: it is the interlock's
     * output cutoff. Returns false if the frame could not be written (the device's watchdog is then the barrier).
     */
    boolean stopNow();

    /** RESET_FAULT naming {@code code}; true if the device accepted it. */
    boolean resetFault(FaultCode code) throws StimulatorException;

    /** The latest STATUS received in this session, or null. */
    DeviceStatus latestStatus();

    /** The next FAULT_REPORT not yet taken, or null. */
    DeviceFaultReport pollFaultReport();

    /** Boot id of the device as last heard (an unsolicited IDENTIFY or a STATUS); changes when it restarts. */
    long lastBootId();

    /** The device clock at host time {@code hostNs}, µs. */
    long toDeviceMicros(long hostNs);

    /** False once the link is known to be gone. */
    boolean isHealthy();

    /** Counters of the link. */
    LinkStats stats();

    /** Closes the link (sends nothing). */
    @Override
    void close();
}
