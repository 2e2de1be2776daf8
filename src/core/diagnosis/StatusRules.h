#pragma once

// Internal to diagnosis/: the evidence the status rules read (challenges, what the request carried)
// and the rules per status, shared by StatusMeaning*.cpp. Pure functions over Http value types.

#include "auth/HeaderParser.h"
#include "diagnosis/StatusMeaning.h"
#include "http/Exchange.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace Authlens::Diagnosis::Rules {

using Auth::Challenge;
using Http::Exchange;
using Http::HeaderList;
using Http::Hop;

// ---- challenges -----------------------------------------------------------------------------------

QList<Challenge> challengesIn(const HeaderList& headers, QByteArrayView name);
QString latin(QByteArrayView bytes);
QString quote(QByteArrayView bytes);
QString describeChallenge(const Challenge& c);
QStringList schemeNames(const QList<Challenge>& challenges);
const Challenge* findScheme(const QList<Challenge>& challenges, QByteArrayView scheme);
QString joinOr(const QStringList& items);

// ---- what the request carried ---------------------------------------------------------------------

bool looksLikeSecretHeader(QByteArrayView name);
bool looksLikeSecretQueryName(const QString& name);

struct SentCredentials
{
    QByteArray authorization; // the full value; never quoted back to the user
    QByteArray authScheme;
    QString basicUser;
    QStringList cookieNames;
    QStringList secretHeaders;
    QStringList secretQuery;
    QList<Http::Withheld> withheld; // on the final request

    bool any() const
    {
        return !authorization.isEmpty() || !cookieNames.isEmpty() || !secretHeaders.isEmpty() || !secretQuery.isEmpty();
    }
};

SentCredentials sentCredentials(const Hop& hop);
QString describeSent(const SentCredentials& s);
QString describeWithheld(const QList<Http::Withheld>& withheld);
KeyHeader authorizationKey(const SentCredentials& s, const QString& meaningWhenAbsent);
KeyHeader responseKey(const HeaderList& headers, QByteArrayView name, const QString& meaningPresent,
                      const QString& meaningAbsent);
QList<KeyHeader> challengeKeys(const HeaderList& headers, QByteArrayView name, const QString& absentMeaning);
bool looksLikeLoginUrl(const QUrl& url);
QString statusReason(const Http::ResponseRecord& r);
void addWithheldNote(StatusMeaning& m, const SentCredentials& sent);

// ---- per status (StatusMeaningTransport.cpp, StatusMeaningRefusals.cpp, StatusMeaningResponses.cpp) ----

StatusMeaning explainTransportError(const Exchange& exchange);
StatusMeaning explain401(const Hop& hop, const SentCredentials& sent);
StatusMeaning explain403(const Hop& hop, const SentCredentials& sent);
StatusMeaning explain407(const Hop& hop, const SentCredentials& sent);
StatusMeaning explain429(const Hop& hop, const SentCredentials& sent);
StatusMeaning explain400(const Hop& hop, const SentCredentials& sent);
StatusMeaning explainRedirect(const Hop& hop, const SentCredentials& sent);
StatusMeaning explainSuccess(const Exchange& exchange, const Hop& hop, const SentCredentials& sent);
StatusMeaning explainOther(const Hop& hop, const SentCredentials& sent);

} // namespace Authlens::Diagnosis::Rules
