/** The {@code closedloop} command line: every user-facing command is a subcommand of {@link org.closedloop.controller.cli.Main}. */
package org.closedloop.controller.cli;
