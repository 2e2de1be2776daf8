#include "oauth/QrCode.h"

#include <qrencode.h>

#include <cerrno>
#include <cstring>
#include <memory>

namespace Authlens::Gui {

QImage qrCodeImage(const QString& text, int moduleSize, QString* error)
{
    const QByteArray utf8 = text.toUtf8();
    if (utf8.isEmpty()) {
        if (error)
            *error = QStringLiteral("nothing to encode");
        return {};
    }
    // Version 0: the smallest symbol that holds the data; case-sensitive 8-bit data (URLs keep their case).
    std::unique_ptr<QRcode, decltype(&QRcode_free)> code(QRcode_encodeString8bit(utf8.constData(), 0, QR_ECLEVEL_M),
                                                         &QRcode_free);
    if (!code) {
        if (error)
            *error = errno == ERANGE
                ? QStringLiteral("the text is too long for a QR code")
                : QStringLiteral("libqrencode failed: %1").arg(QString::fromLocal8Bit(strerror(errno)));
        return {};
    }
    moduleSize = std::clamp(moduleSize, 1, 32);
    constexpr int QuietZone = 4; // modules of white around the symbol (ISO/IEC 18004 §6.3.8)
    const int width = code->width;
    const int side = (width + 2 * QuietZone) * moduleSize;
    QImage image(side, side, QImage::Format_Mono);
    image.setColor(0, qRgb(255, 255, 255));
    image.setColor(1, qRgb(0, 0, 0));
    image.fill(0);
    for (int y = 0; y < width; ++y) {
        for (int x = 0; x < width; ++x) {
            // Bit 0 of each byte: the module is dark (qrencode.h).
            if (!(code->data[y * width + x] & 1))
                continue;
            for (int dy = 0; dy < moduleSize; ++dy) {
                for (int dx = 0; dx < moduleSize; ++dx)
                    image.setPixel((x + QuietZone) * moduleSize + dx, (y + QuietZone) * moduleSize + dy, 1);
            }
        }
    }
    return image;
}

} // namespace Authlens::Gui
