import FoundationEssentials
import Synchronization
import TransferAgent
import ZenodoKit

/// Uploads: a batch pre-flighted, journalled and handed to the background agent (followed there),
/// or run here when there is none; a resume from its journal; re-attaching to what the agent runs
/// when the interface starts.
extension EffectRunner {
    /// Hands the batch to the agent on a thread of its own (starting the agent may take seconds),
    /// registered so that quitting waits for it; returns the agent's id for it.
    func handOver(_ client: ZenodoClient, agent: AgentClient, title: String, batch: UploadBatch, number: Int)
        async throws -> String
    {
        let handover = Handover(
            profile: client.profile, credentials: client.credentials, journals: journals, options: budget,
            environment: environment, title: title, batch: batch)
        let handing = Task.detached { try await Self.onOwnThread { try agent.start(handover) } }
        handovers.withLock { $0[number] = handing }
        defer { _ = handovers.withLock { $0.removeValue(forKey: number) } }
        return try await handing.value
    }

    /// Follows a batch the agent runs (found when the interface started) under its number.
    func follow(agent: AgentClient, id: String, batch: Int) {
        uploads.follow(batch, id: id) { await self.watchUpload(agent: agent, id: id, batch: batch) }
    }

    /// Passes the agent's events for the batch to the interface until it ends or we quit.
    func watchUpload(agent: AgentClient, id: String, batch: Int) async {
        let inbox = self.inbox
        do {
            for try await event in try agent.watch(id) { inbox.send(.uploadEvent(batch: batch, event)) }
        } catch {
            // The agent went away (killed): the journal makes the batch resumable.
            guard !Task.isCancelled else { return }
            inbox.send(.uploadLost(batch: batch, journal: try? journals.load(id), reason: "the transfer agent stopped"))
        }
    }

    func startUpload(
        _ client: ZenodoClient, depositionID: Int, paths: [String], includeJunk: Bool, pack: PackRequest? = nil,
        raiseQuotaTo: Int? = nil, batch: Int
    ) async {
        do {
            // What the directories left out is said with the batch: in its log once it starts, or
            // beside the problems that keep it from starting.
            let checked = try await preflight(
                client, depositionID: depositionID, paths: paths, includeJunk: includeJunk, pack: pack,
                raiseQuotaTo: raiseQuotaTo)
            if let need = checked.need, raiseQuotaTo == nil {
                // Only the quota stands in the way, and the self-service increase covers it: asked.
                inbox.send(
                    .uploadPlanned(
                        UploadPlan(
                            batch: batch, depositionID: depositionID, paths: paths, includeJunk: includeJunk,
                            pack: pack,
                            lines: UploadPlan.lines(
                                archives: [], plain: checked.files, leftOut: checked.leftOut, need: need),
                            raiseQuotaTo: need.gigabytes)))
                return
            }
            guard checked.problems.isEmpty else {
                inbox.send(.preflightFailed(checked.problemLines))
                return
            }
            let journal = UploadJournal(
                server: client.profile.apiURL, depositionID: depositionID, files: checked.files)
            await run(client, deposition: checked.deposition, journal: journal, batch: batch, leftOut: checked.leftOut)
        } catch {
            inbox.send(.preflightFailed([(error as? ZenodoError)?.message ?? String(describing: error)]))
        }
    }

    /// The plan of a packed upload, for the user to say yes to: each archive (planned here, off the
    /// loop), the files that go as they are, what was left out and the quota it needs; or what
    /// stands in the way.
    func planUpload(
        _ client: ZenodoClient, depositionID: Int, paths: [String], includeJunk: Bool, pack: PackRequest, batch: Int
    ) async {
        do {
            let checked = try await preflight(
                client, depositionID: depositionID, paths: paths, includeJunk: includeJunk, pack: pack)
            guard checked.problems.isEmpty || checked.need != nil else {
                inbox.send(.preflightFailed(checked.problemLines))
                return
            }
            let archives = checked.files.compactMap { $0.source() as? PackedArchive }
            let plain = checked.files.filter { $0.pack == nil }
            inbox.send(
                .uploadPlanned(
                    UploadPlan(
                        batch: batch, depositionID: depositionID, paths: paths, includeJunk: includeJunk, pack: pack,
                        lines: UploadPlan.lines(
                            archives: archives, plain: plain, leftOut: checked.leftOut, need: checked.need),
                        raiseQuotaTo: checked.need?.gigabytes)))
        } catch {
            inbox.send(.preflightFailed([(error as? ZenodoError)?.message ?? String(describing: error)]))
        }
    }

    /// What pre-flight found for a batch: its files (packed where asked), what was left out, the
    /// deposition, the problems with the quota as known (raised first to `raiseQuotaTo` GB when
    /// the user said yes to it), and the quota need when it is all that stands in the way.
    struct Preflighted {
        var files: [LocalFile]
        var leftOut: String?
        var deposition: Deposition
        var problems: [PreflightProblem]
        var need: RecordQuota.Need?

        /// The problems for a person, and what was left out beside them.
        var problemLines: [String] { Preflight.summary(problems) + (leftOut.map { ["", $0] } ?? []) }
    }

    func preflight(
        _ client: ZenodoClient, depositionID: Int, paths: [String], includeJunk: Bool, pack: PackRequest?,
        raiseQuotaTo: Int? = nil
    ) async throws -> Preflighted {
        let scan = FileScanner.scan(
            paths, keyRule: .flatten, filters: FileScanner.Filters(includeJunk: includeJunk), pack: pack)
        let deposition = try await client.deposition(depositionID)
        var limits = DepositionLimits(quota: RecordQuota.defaultQuota(environment: environment))
        if let raiseQuotaTo {
            limits.quota = try await client.increaseQuota(of: depositionID, toGigabytes: raiseQuotaTo)
        }
        return Preflighted(
            files: scan.files, leftOut: Self.leftOut(scan.leftOut, includeJunk: includeJunk), deposition: deposition,
            problems: scan.problems + Preflight.problems(files: scan.files, deposition: deposition, limits: limits),
            need: scan.problems.isEmpty
                ? RecordQuota.coverable(files: scan.files, deposition: deposition, limits: limits) : nil)
    }

    static func leftOut(_ leftOut: [LeftOut], includeJunk: Bool) -> String? {
        LeftOut.summary(leftOut).map { $0 + (includeJunk ? "" : " (J in the picker takes the junk)") }
    }

    func resume(_ client: ZenodoClient, journalID: String, batch: Int) async {
        do {
            let journal = try journals.load(journalID)
            let deposition = try await client.deposition(journal.depositionID)
            await run(client, deposition: deposition, journal: journal, batch: batch)
        } catch {
            inbox.send(
                .resumeFailed(journalID: journalID, (error as? ZenodoError)?.message ?? String(describing: error)))
        }
    }

    /// The batch, in its own task (`uploads`): handed to the agent when there is one (on a thread
    /// of its own: the hand-over may start the agent and wait for it) and followed there, else run
    /// here; a stop asked meanwhile is carried out wherever it runs.
    func run(
        _ client: ZenodoClient, deposition: Deposition, journal: UploadJournal, batch: Int, leftOut: String? = nil
    ) async {
        guard let bucket = deposition.bucketURL else {
            inbox.send(.preflightFailed(["deposition \(deposition.id) has no bucket link"]))
            return
        }
        var journal = journal
        if journal.title == nil { journal.title = deposition.title }
        uploads.own(batch, journalID: journal.id)
        let upload = UploadBatch(
            depositionID: deposition.id, bucketURL: bucket, existing: deposition.files, journal: journal)
        if let agent, uploads.beginHandover(batch) {
            do {
                let id = try await handOver(client, agent: agent, title: deposition.title, batch: upload, number: batch)
                inbox.send(
                    .uploadStarted(
                        batch: batch, depositionID: deposition.id, title: deposition.title,
                        files: journal.entries.count,
                        journalID: id, background: true))
                if let leftOut { inbox.send(.uploadLeftOut(batch: batch, leftOut)) }
                // Stopped while the agent was being started: stopped there, and followed still.
                if uploads.handedOver(batch, id: id) { _ = try? agent.cancel(id) }
                await watchUpload(agent: agent, id: id, batch: batch)
                return
            } catch {
                inbox.send(.backgroundUnavailable(String(describing: error)))
                uploads.runsHere(batch)
            }
        }
        inbox.send(
            .uploadStarted(
                batch: batch, depositionID: deposition.id, title: deposition.title, files: journal.entries.count,
                journalID: journal.id, background: false))
        if let leftOut { inbox.send(.uploadLeftOut(batch: batch, leftOut)) }
        guard let lock = try? JournalLock.acquire(journal.id, in: journals) else {
            inbox.send(.preflightFailed(["this upload is already running in another process (zenodo-tui transfers)"]))
            return
        }
        defer { lock.release() }
        let inbox = self.inbox
        let engine = UploadEngine(client: client, options: budget, journals: journals)
        let result = await engine.run(upload) { inbox.send(.uploadEvent(batch: batch, $0)) }
        if result.succeeded { journals.remove(journal.id) }
    }
}
