#pragma once

#include <QImage>
#include <QString>

namespace Authlens::Gui {

/// A QR code (ISO/IEC 18004) of `text` encoded by libqrencode (8-bit mode, error correction level M),
/// drawn as black modules on white with the 4-module quiet zone the standard requires, each module
/// `moduleSize` pixels. A null image when the text cannot be encoded (too long: more than ~2300 bytes),
/// with the reason in `error`.
QImage qrCodeImage(const QString& text, int moduleSize = 4, QString* error = nullptr);

} // namespace Authlens::Gui
