/**
 * The command line: {@link org.seqlab.cli.SeqLabCommand} ({@code seqlab}) and its subcommands, built
 * with picocli. With no subcommand it opens the app through an injected
 * {@link org.seqlab.cli.AppLauncher}; the subcommands ({@code gradcheck}, and later {@code train},
 * {@code trace}, {@code generate}, {@code eval}, {@code export}, {@code bench}) run headless.
 *
 * <p>May depend on every SeqLab package except {@code ui} (the app is reached only through
 * {@code AppLauncher}, wired by {@link org.seqlab.SeqLab}). The only package that uses picocli and the
 * only one that writes to {@code System.out}.
 */
package org.seqlab.cli;
