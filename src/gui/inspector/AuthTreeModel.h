#pragma once

#include "auth/SchemeKnowledge.h"
#include "inspector/AuthAnalysis.h"
#include "inspector/RawFieldView.h"

#include <QAbstractItemModel>

#include <memory>
#include <vector>

namespace Authlens::Gui {

/// The challenges of a response as a tree: header field → challenge (scheme) → parameters / token68,
/// plus Authentication-Info parameters. Each node knows the byte range it came from (the raw view's
/// line and a byte offset and length in that field value) and what it means, from SchemeKnowledge.
/// Raw-view lines are numbered over AuthAnalysis::challenges' field values, then infos' (rawFields()).
class AuthTreeModel final : public QAbstractItemModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AuthTreeModel)
public:
    enum Column { NameColumn, ValueColumn, SpecColumn, MeaningColumn, ColumnCount };
    enum Role {
        LineRole = Qt::UserRole + 1, ///< int: raw-view line, -1 for none
        OffsetRole, ///< int: byte offset in that field value
        LengthRole, ///< int: bytes
        SpecUrlRole, ///< QString: the specification link, may be empty
        SpecLabelRole, ///< QString: "RFC 6750 §3"
        TitleRole, ///< QString: a heading for the details pane
        ExplanationRole, ///< QString: plain-words explanation (full)
        UnknownRole, ///< bool: an unknown scheme or parameter, shown raw
        KindRole, ///< int: NodeKind
    };
    enum class NodeKind { Field, Challenge, Param, Token68 };

    explicit AuthTreeModel(QObject* parent = nullptr);
    ~AuthTreeModel() override;

    void setAnalysis(const AuthAnalysis& analysis);
    void clear();

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    /// The first node whose name column reads `name` (case-insensitive), depth-first; for tests and
    /// for selecting a challenge from elsewhere.
    QModelIndex findNode(const QString& name, const QModelIndex& under = {}) const;

private:
    struct Node
    {
        NodeKind kind = NodeKind::Field;
        QString name;
        QString value;
        QString title;
        QString explanation;
        Auth::SpecReference spec;
        int line = -1;
        int offset = -1;
        int length = 0;
        bool unknown = false;
        Node* parent = nullptr;
        std::vector<std::unique_ptr<Node>> children;

        Node* add(std::unique_ptr<Node> child);
        int row() const;
    };

    Node* nodeOf(const QModelIndex& index) const;
    void addChallengeGroup(const ChallengeGroup& group, int firstLine);
    void addInfoGroup(const InfoGroup& group, int firstLine, QByteArrayView scheme);
    static std::unique_ptr<Node> paramNode(QByteArrayView scheme, const Auth::AuthParam& param, int firstLine);

    std::unique_ptr<Node> m_root;
};

/// The raw-view lines of an analysis in the order AuthTreeModel numbers them.
QList<RawField> authRawFields(const AuthAnalysis& analysis);

} // namespace Authlens::Gui
