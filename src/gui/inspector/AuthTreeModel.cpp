#include "inspector/AuthTreeModel.h"

#include "common/DisplayFormat.h"

#include <QColor>
#include <QFont>

namespace Authlens::Gui {

namespace {

const QColor unknownColor(0xb2, 0x5e, 0x00);
const QColor linkColor(0x15, 0x65, 0xc0);

QString joinSentences(const QString& a, const QString& b)
{
    if (a.isEmpty())
        return b;
    if (b.isEmpty())
        return a;
    return a + u' ' + b;
}

QString firstSentence(const QString& text)
{
    const qsizetype stop = text.indexOf(QStringLiteral(". "));
    return stop < 0 ? text : text.left(stop + 1);
}

QString countWord(qsizetype count, const char* singular, const char* plural)
{
    return countText(count, QString::fromLatin1(singular), QString::fromLatin1(plural));
}

} // namespace

AuthTreeModel::Node* AuthTreeModel::Node::add(std::unique_ptr<Node> child)
{
    child->parent = this;
    children.push_back(std::move(child));
    return children.back().get();
}

int AuthTreeModel::Node::row() const
{
    if (!parent)
        return 0;
    for (size_t i = 0; i < parent->children.size(); ++i) {
        if (parent->children[i].get() == this)
            return int(i);
    }
    return 0;
}

QList<RawField> authRawFields(const AuthAnalysis& analysis)
{
    QList<RawField> fields;
    for (const ChallengeGroup& group : analysis.challenges) {
        for (const QByteArray& value : group.fieldValues)
            fields.append({group.headerName, value, -1});
    }
    for (const InfoGroup& group : analysis.infos) {
        for (const QByteArray& value : group.fieldValues)
            fields.append({group.headerName, value, -1});
    }
    return fields;
}

AuthTreeModel::AuthTreeModel(QObject* parent)
    : QAbstractItemModel(parent)
    , m_root(std::make_unique<Node>())
{
}

AuthTreeModel::~AuthTreeModel() = default;

void AuthTreeModel::clear()
{
    beginResetModel();
    m_root = std::make_unique<Node>();
    endResetModel();
}

void AuthTreeModel::setAnalysis(const AuthAnalysis& analysis)
{
    beginResetModel();
    m_root = std::make_unique<Node>();
    int line = 0;
    for (const ChallengeGroup& group : analysis.challenges) {
        addChallengeGroup(group, line);
        line += int(group.fieldValues.size());
    }
    // Authentication-Info answers the scheme the request used (Digest, in practice).
    QByteArray scheme = QByteArrayLiteral("Digest");
    for (const SentCredentials& sent : analysis.sent) {
        if (sent.parsed.credentials)
            scheme = sent.parsed.credentials->scheme;
    }
    for (const InfoGroup& group : analysis.infos) {
        addInfoGroup(group, line, scheme);
        line += int(group.fieldValues.size());
    }
    endResetModel();
}

std::unique_ptr<AuthTreeModel::Node> AuthTreeModel::paramNode(QByteArrayView scheme, const Auth::AuthParam& param,
                                                              int firstLine)
{
    auto node = std::make_unique<Node>();
    node->kind = NodeKind::Param;
    node->name = QString::fromLatin1(param.name);
    if (param.isExtended()) {
        const std::optional<QString> decoded = Auth::decodeExtValue(param.value);
        node->value = decoded ? *decoded : Auth::fieldText(param.value);
    } else {
        node->value = Auth::fieldText(param.value);
    }
    const Auth::ParamInfo info = Auth::paramInfo(scheme, param.name, param.value);
    node->title = QStringLiteral("%1 %2").arg(QString::fromLatin1(scheme), node->name);
    node->explanation = joinSentences(info.explanation, info.valueExplanation);
    node->spec = info.reference;
    node->unknown = !info.known;
    const Auth::ByteRange& from = param.nameRange.isValid() ? param.nameRange : param.valueRange;
    const Auth::ByteRange& to = param.valueRange.isValid() ? param.valueRange : param.nameRange;
    if (from.isValid()) {
        node->line = firstLine + from.fieldIndex;
        node->offset = from.offset;
        node->length = to.fieldIndex == from.fieldIndex ? std::max(0, to.end() - from.offset) : from.length;
    }
    return node;
}

void AuthTreeModel::addChallengeGroup(const ChallengeGroup& group, int firstLine)
{
    auto field = std::make_unique<Node>();
    field->kind = NodeKind::Field;
    field->name = QString::fromLatin1(group.headerName);
    field->value = tr("%1 in %2")
                       .arg(countWord(group.parsed.challenges.size(), "challenge", "challenges"),
                            countWord(group.fieldValues.size(), "field", "fields"));
    field->title = field->name;
    const bool proxy = group.headerName.startsWith("Proxy");
    field->explanation = proxy ? tr("A proxy between you and the server asks the client to authenticate to it; the "
                                    "answer goes in Proxy-Authorization.")
                               : tr("The server lists the authentication schemes it accepts for this resource; the "
                                    "client answers one of them in Authorization.");
    field->spec = proxy ? Auth::SpecReference {QStringLiteral("RFC 9110 §11.7.1"),
                                               QStringLiteral("https://www.rfc-editor.org/rfc/rfc9110#section-11.7.1")}
                        : Auth::SpecReference {QStringLiteral("RFC 9110 §11.6.1"),
                                               QStringLiteral("https://www.rfc-editor.org/rfc/rfc9110#section-11.6.1")};
    if (!group.fieldValues.isEmpty()) {
        field->line = firstLine;
        field->offset = 0;
        field->length = int(group.fieldValues.first().size());
    }
    Node* fieldNode = m_root->add(std::move(field));

    for (const Auth::Challenge& challenge : group.parsed.challenges) {
        const Auth::SchemeInfo info = Auth::schemeInfo(challenge.scheme);
        auto node = std::make_unique<Node>();
        node->kind = NodeKind::Challenge;
        node->name = Auth::fieldText(challenge.scheme);
        node->unknown = !info.known;
        node->value = info.known ? info.title : tr("unknown scheme — shown raw");
        node->title = info.known ? QStringLiteral("%1 — %2").arg(node->name, info.title)
                                 : tr("%1 — a scheme Authlens does not know").arg(node->name);
        node->explanation = info.known ? joinSentences(info.explanation, info.clientAdvice)
                                       : tr("Authlens has no description of this scheme; it is shown exactly as "
                                            "sent. It may be a vendor's own scheme.");
        node->spec = info.reference;
        const Auth::ByteRange& range = challenge.range.isValid() ? challenge.range : challenge.schemeRange;
        if (range.isValid()) {
            node->line = firstLine + range.fieldIndex;
            node->offset = range.offset;
            node->length = range.length;
        }
        Node* challengeNode = fieldNode->add(std::move(node));
        if (challenge.token68) {
            auto token = std::make_unique<Node>();
            token->kind = NodeKind::Token68;
            token->name = QStringLiteral("token68");
            token->value = Auth::fieldText(*challenge.token68);
            token->title = tr("%1 token68").arg(challengeNode->name);
            token->explanation = tr("An opaque token in the scheme's own format (RFC 9110 §11.2) instead of "
                                    "parameters.");
            token->spec = {QStringLiteral("RFC 9110 §11.2"),
                           QStringLiteral("https://www.rfc-editor.org/rfc/rfc9110#section-11.2")};
            if (challenge.token68Range.isValid()) {
                token->line = firstLine + challenge.token68Range.fieldIndex;
                token->offset = challenge.token68Range.offset;
                token->length = challenge.token68Range.length;
            }
            challengeNode->add(std::move(token));
        }
        for (const Auth::AuthParam& param : challenge.params)
            challengeNode->add(paramNode(challenge.scheme, param, firstLine));
    }
}

void AuthTreeModel::addInfoGroup(const InfoGroup& group, int firstLine, QByteArrayView scheme)
{
    auto field = std::make_unique<Node>();
    field->kind = NodeKind::Field;
    field->name = QString::fromLatin1(group.headerName);
    field->value = countWord(group.parsed.params.size(), "parameter", "parameters");
    field->title = field->name;
    field->explanation = tr("Sent with a successful answer: information about the authentication that just "
                            "succeeded, such as the next nonce to use or the server's proof that it knows the "
                            "password.");
    field->spec
        = {QStringLiteral("RFC 9110 §11.6.3"), QStringLiteral("https://www.rfc-editor.org/rfc/rfc9110#section-11.6.3")};
    if (!group.fieldValues.isEmpty()) {
        field->line = firstLine;
        field->offset = 0;
        field->length = int(group.fieldValues.first().size());
    }
    Node* fieldNode = m_root->add(std::move(field));
    for (const Auth::AuthParam& param : group.parsed.params)
        fieldNode->add(paramNode(scheme, param, firstLine));
}

AuthTreeModel::Node* AuthTreeModel::nodeOf(const QModelIndex& index) const
{
    return index.isValid() ? static_cast<Node*>(index.internalPointer()) : m_root.get();
}

QModelIndex AuthTreeModel::index(int row, int column, const QModelIndex& parent) const
{
    const Node* node = nodeOf(parent);
    if (row < 0 || column < 0 || column >= ColumnCount || size_t(row) >= node->children.size())
        return {};
    return createIndex(row, column, node->children[size_t(row)].get());
}

QModelIndex AuthTreeModel::parent(const QModelIndex& child) const
{
    if (!child.isValid())
        return {};
    const Node* parent = nodeOf(child)->parent;
    if (!parent || parent == m_root.get())
        return {};
    return createIndex(parent->row(), 0, const_cast<Node*>(parent));
}

int AuthTreeModel::rowCount(const QModelIndex& parent) const
{
    if (parent.column() > 0)
        return 0;
    return int(nodeOf(parent)->children.size());
}

int AuthTreeModel::columnCount(const QModelIndex&) const
{
    return ColumnCount;
}

QVariant AuthTreeModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid())
        return {};
    const Node* node = nodeOf(index);
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case NameColumn:
            return node->name;
        case ValueColumn:
            return node->value;
        case MeaningColumn:
            return firstSentence(node->explanation);
        case SpecColumn:
            return node->spec.label;
        }
        return {};
    case Qt::ToolTipRole:
        if (index.column() == SpecColumn && !node->spec.url.isEmpty())
            return tr("Open %1").arg(node->spec.url);
        if (index.column() == ValueColumn)
            return node->value;
        return node->explanation;
    case Qt::ForegroundRole:
        if (index.column() == SpecColumn && !node->spec.url.isEmpty())
            return linkColor;
        if (node->unknown && index.column() <= ValueColumn)
            return unknownColor;
        return {};
    case Qt::FontRole:
        if (index.column() == SpecColumn && !node->spec.url.isEmpty()) {
            QFont font;
            font.setUnderline(true);
            return font;
        }
        if (node->kind == NodeKind::Field || node->kind == NodeKind::Challenge) {
            QFont font;
            font.setBold(true);
            font.setItalic(node->unknown);
            return font;
        }
        if (index.column() == ValueColumn)
            return monospaceFont();
        return {};
    case LineRole:
        return node->line;
    case OffsetRole:
        return node->offset;
    case LengthRole:
        return node->length;
    case SpecUrlRole:
        return node->spec.url;
    case SpecLabelRole:
        return node->spec.label;
    case TitleRole:
        return node->title;
    case ExplanationRole:
        return node->explanation;
    case UnknownRole:
        return node->unknown;
    case KindRole:
        return int(node->kind);
    default:
        return {};
    }
}

QVariant AuthTreeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn:
        return tr("Scheme / parameter");
    case ValueColumn:
        return tr("Value");
    case MeaningColumn:
        return tr("Meaning");
    case SpecColumn:
        return tr("Specification");
    }
    return {};
}

QModelIndex AuthTreeModel::findNode(const QString& name, const QModelIndex& under) const
{
    for (int row = 0; row < rowCount(under); ++row) {
        const QModelIndex child = index(row, 0, under);
        if (child.data().toString().compare(name, Qt::CaseInsensitive) == 0)
            return child;
        const QModelIndex found = findNode(name, child);
        if (found.isValid())
            return found;
    }
    return {};
}

} // namespace Authlens::Gui
