/**
 * The window's panels, one feature package each ({@code modelbar}, {@code debugger}, {@code inspector}): a
 * View (JavaFX nodes) and a ViewModel (properties and commands, no node, tested without a stage). Panels do not
 * depend on each other; the shell wires them together. May depend on {@code ui.fx}, {@code ui.i18n},
 * {@code ui.viz} and every layer below {@code ui}.
 */
package org.seqlab.ui.panels;
