#pragma once

namespace scopebench {

// The desktop app: creates the QApplication and the main window, runs the event loop.
int runDesktopApp(int &argc, char **argv);

} // namespace scopebench
