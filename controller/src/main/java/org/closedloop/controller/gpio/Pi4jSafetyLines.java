package org.closedloop.controller.gpio;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.DigitalStateChangeEvent;
import com.pi4j.io.gpio.digital.PullResistance;
import com.pi4j.plugin.gpiod.provider.gpio.digital.GpioDDigitalInputProvider;
import com.pi4j.plugin.gpiod.provider.gpio.digital.GpioDDigitalOutputProvider;
import com.pi4j.plugin.raspberrypi.platform.RaspberryPiPlatform;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.closedloop.safety.interlock.EmergencyStop;
import org.tinylog.Logger;

/**
 * The safety lines on real GPIO through pi4j 2: the emergency stop on a digital input (normally-closed button, active
 * low, pull-down: a press, a broken wire or an unplugged button all read low = pressed), the stimulator-enable relay
 * and the status LED on digital outputs that start low and are driven low on shutdown. Pins and wiring:
 * {@code hardware-docs/gpio-wiring.md}.
 *
 * <p>The press is acted on at the first low edge, on pi4j's event thread: {@link EmergencyStop#press()}, relay low,
 * wake the loop. pi4j's own debounce is off (it would delay the press); the release is debounced here: it counts
 * only if the line still reads high {@link GpioConfig#debounceMs()} after its last rising edge (checked on a small
 * scheduler thread, {@code estop-debounce}).
 *
 * <p>The context is wired explicitly, never auto-detected: {@link #openOnRaspberryPi} adds the Raspberry Pi platform
 * and the gpiod providers; tests pass a context with pi4j's mock providers.
 *
 * <p><b>Thread safety:</b> thread safe (see {@link SafetyLines}).
 */
public final class Pi4jSafetyLines implements SafetyLines {
    /** The Linux GPIO character device of the Pi's 40-pin header. */
    static final Path GPIO_CHIP = Path.of("/dev/gpiochip0");

    private final Context context;
    private final boolean ownsContext;
    private final GpioConfig config;
    private final DigitalInput emergencyStopInput;
    private final DigitalOutput relay;
    private final DigitalOutput led;
    private final EnableLatch latch;
    private final ScheduledExecutorService debounce;
    private volatile EmergencyStop target;
    private volatile Runnable wake = () -> {
    };
    private ScheduledFuture<?> pendingRelease;

    private Pi4jSafetyLines(Context context, boolean ownsContext, GpioConfig config, DigitalInput in,
                            DigitalOutput relay, DigitalOutput led) {
        this.context = context;
        this.ownsContext = ownsContext;
        this.config = config;
        this.emergencyStopInput = in;
        this.relay = relay;
        this.led = led;
        this.latch = new EnableLatch(high -> relay.state(high ? DigitalState.HIGH : DigitalState.LOW));
        this.debounce = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "estop-debounce");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Opens the lines on a Raspberry Pi through the Linux GPIO character device (libgpiod).
     *
     * @throws GpioUnavailableException with a plain message if there is no GPIO here (e.g. on a PC)
     */
    public static Pi4jSafetyLines openOnRaspberryPi(GpioConfig config) throws GpioUnavailableException {
        if (!Files.exists(GPIO_CHIP)) {
            // checked first: pi4j's board detection would log errors of its own on a machine that is not a Pi
            throw unavailable("no " + GPIO_CHIP + ": not a Raspberry Pi, or the GPIO character device is missing", null);
        }
        Context ctx;
        try {
            ctx = Pi4J.newContextBuilder().noAutoDetect().add(new RaspberryPiPlatform())
                    .add(GpioDDigitalInputProvider.newInstance(), GpioDDigitalOutputProvider.newInstance()).build();
        } catch (RuntimeException | LinkageError e) {
            throw unavailable(e);
        }
        return open(ctx, true, config, GpioDDigitalInputProvider.ID, GpioDDigitalOutputProvider.ID);
    }

    /**
     * Opens the lines in {@code context} with the given providers (the mock providers in tests). The context stays
     * the caller's.
     */
    public static Pi4jSafetyLines open(Context context, GpioConfig config, String inputProviderId,
                                       String outputProviderId) throws GpioUnavailableException {
        return open(context, false, config, inputProviderId, outputProviderId);
    }

    private static Pi4jSafetyLines open(Context ctx, boolean owns, GpioConfig config, String inId, String outId)
            throws GpioUnavailableException {
        Objects.requireNonNull(config, "config");
        try {
            DigitalInput in = ctx.create(DigitalInput.newConfigBuilder(ctx).id("estop").name("emergency stop")
                    .address(config.emergencyStopBcm()).pull(PullResistance.PULL_DOWN).debounce(0L).provider(inId)
                    .build());
            DigitalOutput relay = ctx.create(DigitalOutput.newConfigBuilder(ctx).id("stim-enable")
                    .name("stimulator enable relay").address(config.enableRelayBcm()).initial(DigitalState.LOW)
                    .shutdown(DigitalState.LOW).provider(outId).build());
            DigitalOutput led = ctx.create(DigitalOutput.newConfigBuilder(ctx).id("status-led").name("status LED")
                    .address(config.statusLedBcm()).initial(DigitalState.LOW).shutdown(DigitalState.LOW)
                    .provider(outId).build());
            return new Pi4jSafetyLines(ctx, owns, config, in, relay, led);
        } catch (RuntimeException | LinkageError e) {
            if (owns) {
                shutdownQuietly(ctx);
            }
            throw unavailable(e);
        }
    }

    private static GpioUnavailableException unavailable(Throwable e) {
        return unavailable("pi4j: " + e.getMessage(), e);
    }

    private static GpioUnavailableException unavailable(String why, Throwable cause) {
        return new GpioUnavailableException("GPIO is not available on this machine (" + why
                + "). The emergency stop and the stimulator-enable relay cannot be read or driven, so stimulating a "
                + "real stimulator is refused. On the Raspberry Pi check that /dev/gpiochip0 exists and that this user "
                + "is in the gpio group. To try the software without GPIO, run it against the simulator "
                + "(`closedloop stim-demo`), which offers a software emergency stop.", cause);
    }

    @Override
    public void attach(EmergencyStop emergencyStop, Runnable wakeLoop) {
        this.target = Objects.requireNonNull(emergencyStop, "emergencyStop");
        this.wake = Objects.requireNonNull(wakeLoop, "wakeLoop");
        emergencyStopInput.addListener(this::onChange);
        if (emergencyStopPressedNow()) {
            Logger.warn("emergency stop reads pressed at start-up (BCM {}): stimulation refused until released and "
                    + "reset", config.emergencyStopBcm());
            pressed();
        }
    }

    private void onChange(DigitalStateChangeEvent<?> event) {
        try {
            if (event.state() == DigitalState.LOW) {
                pressed();
            } else {
                scheduleRelease();
            }
        } catch (RuntimeException e) {
            Logger.error(e, "emergency stop event failed; pressing to be safe");
            pressed();
        }
    }

    private void pressed() {
        synchronized (this) {
            if (pendingRelease != null) {
                pendingRelease.cancel(false);
                pendingRelease = null;
            }
        }
        EmergencyStop t = target;
        if (t != null) {
            t.press();
        }
        latch.press();
        wake.run();
    }

    private synchronized void scheduleRelease() {
        if (pendingRelease != null) {
            pendingRelease.cancel(false);
        }
        pendingRelease = debounce.schedule(() -> {
            if (!emergencyStopPressedNow()) {
                EmergencyStop t = target;
                if (t != null) {
                    t.release();
                }
                wake.run();
            }
        }, config.debounceMs(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void setStimulatorEnable(boolean enable) {
        // a button held down keeps the relay low whatever the loop asks, even if no edge was ever seen
        latch.request(enable && !emergencyStopPressedNow());
    }

    @Override
    public boolean stimulatorEnabled() {
        return latch.isHigh();
    }

    @Override
    public void setStatusLed(boolean on) {
        led.state(on ? DigitalState.HIGH : DigitalState.LOW);
    }

    @Override
    public boolean emergencyStopPressedNow() {
        return emergencyStopInput.state() != DigitalState.HIGH;
    }

    @Override
    public boolean isHardware() {
        return true;
    }

    @Override
    public String description() {
        return "GPIO (pi4j " + emergencyStopInput.provider().id() + "): emergency stop BCM " + config.emergencyStopBcm()
                + " active low, enable relay BCM " + config.enableRelayBcm() + ", status LED BCM "
                + config.statusLedBcm();
    }

    @Override
    public void close() {
        latch.request(false);
        try {
            led.low();
        } catch (RuntimeException e) {
            Logger.warn(e, "status LED could not be switched off");
        }
        debounce.shutdownNow();
        if (ownsContext) {
            shutdownQuietly(context);
        }
    }

    private static void shutdownQuietly(Context ctx) {
        try {
            ctx.shutdown();
        } catch (RuntimeException e) {
            Logger.warn(e, "pi4j shutdown");
        }
    }
}
