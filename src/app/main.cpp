// authlens: bootstrap only. Everything the window does lives in authlens_gui.

#include "StartupReporter.h"
#include "mainwindow/MainWindow.h"
#include "util/QuitOnSignals.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>
#include <QNetworkProxyFactory>
#include <QUrl>

#include <cstdio>
#include <cstring>

namespace {

constexpr const char* DemoProfile = "Demo · OAuth 2 (expired token, refresh works)";
constexpr const char* DemoRequest = "/api/profile";

constexpr const char* Usage
    = "Usage: authlens [--demo] [--version] [--help] [FILE]\n"
      "\n"
      "Authlens, an HTTP authentication debugger.\n"
      "\n"
      "FILE (a shared .authlens.json profile file, a curl command, a Postman collection or a HAR file)\n"
      "opens the import dialog: it shows what the file holds and who would receive its credentials\n"
      "before anything is stored.\n"
      "\n"
      "Options:\n"
      "  --demo      start the built-in demo API on 127.0.0.1 and load its profiles\n"
      "  --version   print the version and exit\n"
      "  --help      print this help and exit\n"
      "\n"
      "Environment:\n"
      "  AUTHLENS_REPORT_STARTUP=1   print \"authlens: main window shown\" after the first paint\n";

bool hasArgument(int argc, char** argv, const char* name)
{
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], name) == 0)
            return true;
    }
    return false;
}

QIcon applicationIcon()
{
    QIcon icon;
    for (int size : {32, 64, 128, 256})
        icon.addFile(QStringLiteral(":/icons/org.authlens.Authlens-%1.png").arg(size), QSize(size, size));
    return icon;
}

} // namespace

int main(int argc, char* argv[])
{
    // Answered before QApplication exists, so they work without a display.
    if (hasArgument(argc, argv, "--version")) {
        std::fputs("authlens " AUTHLENS_VERSION "\n", stdout);
        return 0;
    }
    if (hasArgument(argc, argv, "--help") || hasArgument(argc, argv, "-h")) {
        std::fputs(Usage, stdout);
        return 0;
    }

    QApplication::setOrganizationName(QStringLiteral("Authlens"));
    QApplication::setApplicationName(QStringLiteral("Authlens"));
    QApplication::setApplicationVersion(QStringLiteral(AUTHLENS_VERSION));
    QApplication app(argc, argv);
    // A profile's proxy "System" means the system's settings (http_proxy, https_proxy, no_proxy),
    // as curl reads them; Qt bypasses them for 127.0.0.1 and localhost.
    QNetworkProxyFactory::setUseSystemConfiguration(true);
    QGuiApplication::setDesktopFileName(QStringLiteral(AUTHLENS_APP_ID));
    QApplication::setWindowIcon(applicationIcon());

    QCommandLineParser parser;
    const QCommandLineOption demoOption(QStringLiteral("demo"), QStringLiteral("Start the built-in demo API."));
    parser.addOption(demoOption);
    if (!parser.parse(QCoreApplication::arguments()) || parser.positionalArguments().size() > 1) {
        const QString problem = parser.errorText().isEmpty()
            ? QStringLiteral("one file at a time: %1").arg(parser.positionalArguments().join(u' '))
            : parser.errorText();
        std::fprintf(stderr, "authlens: %s\n\n%s", qUtf8Printable(problem), Usage);
        return 2;
    }

    // Ctrl+C or SIGTERM end the event loop cleanly: the window and its exchanges are destroyed, and with
    // them the temporary files of spilled bodies (an abrupt exit would leave them behind).
    Authlens::QuitOnSignals interruption;
    Authlens::Gui::MainWindow window;
    auto* reporter = new Authlens::StartupReporter(&window, qEnvironmentVariable("AUTHLENS_REPORT_STARTUP") == u"1");
    if (parser.isSet(demoOption)) {
        // After the first paint: the window appears at once, the demo profiles a moment later.
        QObject::connect(
            reporter, &Authlens::StartupReporter::firstPaint, &window,
            [&window] {
                if (!window.startDemo()) {
                    std::fputs("authlens: the demo API could not start (see the status bar)\n", stderr);
                    return;
                }
                if (!window.selectSavedRequest(QString::fromUtf8(DemoProfile), QString::fromLatin1(DemoRequest)))
                    std::fprintf(stderr, "authlens: demo request \"%s\" → %s not found\n", DemoProfile, DemoRequest);
            },
            Qt::QueuedConnection);
    }
    window.show();
    if (!parser.positionalArguments().isEmpty()) {
        // The desktop passes a local path (%f); a file:// URL also works.
        const QString argument = parser.positionalArguments().constFirst();
        const QUrl url(argument);
        window.openImportFile(url.isLocalFile() ? url.toLocalFile() : argument);
    }
    return app.exec();
}
