package org.closedloop.controller.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code closedloop arm}: shows the running session's protocol, montage, plan, limits and freshly measured
 * impedances, asks the operator to confirm, and arms it. The operator recorded is the OS user running this command.
 *
 * <p>Thread safety: runs once, on the main thread.
 */
@Command(name = "arm", mixinStandardHelpOptions = true,
        description = {"Arm the running session after showing its protocol, montage, limits and measured impedances.",
                "Type yes to confirm. Non-interactively, --confirm TOKEN arms only the plan of that preview."})
final class ArmCommand implements Callable<Integer> {
    @ParentCommand
    Main parent;

    @Mixin
    SessionCalls session;

    @Option(names = "--confirm", paramLabel = "TOKEN", description = "Arm without prompting, only if the preview "
            + "shown now still has this token (printed by a previous `closedloop arm`).")
    String confirm;

    @Override
    public Integer call() throws Exception {
        String preview = session.call("preview");
        if (!preview.startsWith("OK token ")) {
            return SessionCalls.print(preview);
        }
        String token = preview.lines().findFirst().orElseThrow().substring("OK token ".length()).trim();
        System.out.print(preview.substring(preview.indexOf('\n') + 1));
        System.out.println("Token     " + token);
        if (confirm != null) {
            if (!confirm.equals(token)) {
                System.out.println("NOT ARMED: the preview changed (token " + token + ", you confirmed " + confirm
                        + "); read it and confirm again");
                return ExitCodes.REFUSED;
            }
        } else {
            System.out.print("Arm this session? Stimulation may start as soon as the protocol says. Type yes: ");
            System.out.flush();
            String answer = new BufferedReader(new InputStreamReader(Main.console(parent), StandardCharsets.UTF_8))
                    .readLine();
            if (answer == null || !answer.trim().equals("yes")) {
                System.out.println("NOT ARMED");
                return ExitCodes.REFUSED;
            }
        }
        return SessionCalls.print(session.call("arm " + token));
    }
}
