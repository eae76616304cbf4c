import FoundationEssentials
import MetadataFiles
import ZenodoKit

extension EffectRunner {
    /// The publishing effects: each runs in its own task and answers with one message.
    func performPublishing(_ effect: Effect) {
        guard let client else { return }
        let inbox = self.inbox
        let journals = self.journals
        Task.detached {
            inbox.send(await Self.publishing(effect, client: client, journals: journals))
        }
    }

    static func publishing(_ effect: Effect, client: ZenodoClient, journals: JournalStore) async -> Message {
        func failure(_ action: ActionFailure.Operation, _ id: Int?, _ error: any Error) -> Message {
            .actionFailed(ActionFailure(action, depositionID: id, error: error))
        }
        switch effect {
        case .createDeposition:
            do { return .depositionCreated(try await client.createDeposition()) } catch {
                return failure(.create, nil, error)
            }
        case .checkLegacyLoss(let id):
            return .legacyLossChecked(id, await client.legacyLosses(id))
        case .saveMetadata(let id, let metadata, let basedOn):
            do {
                switch try await client.saveMetadata(id, metadata, basedOn: basedOn) {
                case .saved(let deposition, let kept):
                    return .metadataSaved(deposition, sent: metadata, keptFromOthers: kept)
                case .conflict(let current, let merge):
                    return .saveConflict(current: current, mine: metadata, merge: merge)
                }
            } catch {
                return failure(.save, id, error)
            }
        case .importMetadata(let path):
            do {
                return .metadataImported(path: path, fields: try MetadataFile.load(URL(fileURLWithPath: path)))
            } catch {
                return failure(.importFile, nil, error)
            }
        case .loadLicenses:
            do { return .licensesLoaded(try await client.licenses()) } catch {
                return .licensesFailed(String(describing: error))
            }
        case .checkPublish(let id):
            do {
                let current = try await client.deposition(id)
                let unfinished = journals.unverifiedFiles(server: client.profile.apiURL, depositionID: id)
                // The license list is a check, not a condition: without it the license is left to Zenodo.
                let licenses = try? await client.licenses()
                return .publishChecked(
                    current, PublishChecklist.check(current, unfinishedUploads: unfinished, licenses: licenses))
            } catch {
                return failure(.publish, id, error)
            }
        case .publish(let id):
            do { return .published(try await client.publish(id)) } catch { return failure(.publish, id, error) }
        case .startEdit(let id):
            do { return .editOpened(try await client.edit(id)) } catch { return failure(.edit, id, error) }
        case .discard(let id):
            do {
                try await client.discard(id)
                return .discarded(id)
            } catch {
                return failure(.discard, id, error)
            }
        case .setFilesEnabled(let id, let enabled):
            do { return .filesEnabledSet(try await client.setFilesEnabled(id, enabled)) } catch {
                return failure(.metadataOnly, id, error)
            }
        case .deleteDraft(let id):
            do {
                let current = try await client.deposition(id)
                guard current.state == .unsubmitted else {
                    throw ZenodoError(
                        .refused, "deposition \(id) is \(current.state.rawValue), not a draft; nothing was deleted")
                }
                try await client.deleteDraft(id)
                return .draftDeleted(id)
            } catch {
                return failure(.deleteDraft, id, error)
            }
        case .unlockFiles(let id):
            do { return .filesUnlocked(try await client.unlockFiles(of: id)) } catch {
                return failure(.fixFiles, id, error)
            }
        case .deleteRecord(let id, let reason):
            do { return .recordDeleted(id, try await client.deleteRecord(id, reason: reason)) } catch {
                return failure(.deleteRecord, id, error)
            }
        case .deleteFile(let id, let fileID, let name):
            do {
                try await client.deleteFile(fileID, of: id)
                return .fileDeleted(depositionID: id, name: name)
            } catch {
                return failure(.deleteFile, id, error)
            }
        case .newVersion(let id):
            do {
                let latest = try await client.latestPublishedVersion(of: id)
                let draft = try await client.newVersion(of: id)
                return .newVersionReady(try await client.deposition(draft.id), previousVersion: latest.metadata.version)
            } catch {
                return failure(.newVersion, id, error)
            }
        case .prepareNewVersion(let id, let drop, let metadata):
            do {
                for fileID in drop { try await client.deleteFile(fileID, of: id) }
                _ = try await client.updateMetadata(id, metadata)
                return .newVersionPrepared(try await client.deposition(id), dropped: drop.count)
            } catch {
                return failure(.newVersion, id, error)
            }
        case .loadVersions(let concept):
            // Not fatal: the chain is extra information; it is asked for again on the next load.
            guard let chain = try? await client.versions(ofConcept: concept) else { return .ticked }
            return .versionsLoaded(concept: concept, chain.map { $0.summary() })
        default:
            return .ticked
        }
    }
}
