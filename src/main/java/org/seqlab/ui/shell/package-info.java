/**
 * The app's shell: {@link org.seqlab.ui.shell.DesktopApp} (started from the plain launcher),
 * {@link org.seqlab.ui.shell.App} (the JavaFX application that assembles everything),
 * {@link org.seqlab.ui.shell.MainWindow} (menu bar, the debugger panels, status bar), the About box, and
 * their {@link org.seqlab.ui.shell.ShellViewModel}. Its root stylesheet is
 * {@code org/seqlab/ui/shell/seqlab.css}.
 *
 * <p>May depend on {@code ui.fx}, {@code ui.i18n}, {@code ui.panels} (it wires them together), {@code debug}, {@code autograd} (for the backend's description),
 * JavaFX and AtlantaFX; never on {@code cli}.
 */
package org.seqlab.ui.shell;
