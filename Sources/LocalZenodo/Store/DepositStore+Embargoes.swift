import FoundationEssentials

/// Embargoes end as on Zenodo: invenio-app-rdm's beat schedule runs `update_expired_embargos`
/// daily (`config.py`, 00:02), which finds records with `access.embargo.active:true AND
/// access.embargo.until:[* TO today]` and lifts each (invenio-rdm-records `services.py`
/// `lift_embargo`; `Embargo._lift` when now is past `until`): the embargo becomes inactive and
/// record and files public (`RecordAccess.lift_embargo`), the draft too when it has the same
/// access. LocalZenodo lifts at the first request after the date, without waiting for 00:02.
extension DepositStore {
    /// Lifts every embargo whose date has passed at `now`; cheap when none has.
    func liftExpiredEmbargoes(now: Date) throws {
        if let next = nextEmbargoEnd, now <= next { return }
        var earliest = Date.distantFuture
        for deposition in all() {
            guard let until = Self.activeEmbargoEnd(deposition.published) else {
                continue
            }
            if now > until {
                try update(deposition.id, now: now) { d in
                    let before = d.published?["access"]
                    d.published = Self.lifted(d.published)
                    if let draft = d.draft, draft["access"] == before { d.draft = Self.lifted(draft) }
                }
            } else {
                earliest = min(earliest, until)
            }
        }
        nextEmbargoEnd = earliest
    }

    /// Where an active embargo ends (`until`, a day, at 00:00 UTC).
    static func activeEmbargoEnd(_ record: JSONValue?) -> Date? {
        guard let embargo = record?["access"]?["embargo"], embargo["active"] == .bool(true),
            let until = embargo["until"]?.stringValue
        else { return nil }
        return Timestamp.parseDay(until)
    }

    static func lifted(_ record: JSONValue?) -> JSONValue? {
        guard var record, var access = record["access"]?.objectValue else { return record }
        var embargo = access["embargo"]?.objectValue ?? [:]
        embargo["active"] = false
        access["embargo"] = .object(embargo)
        access["record"] = "public"
        access["files"] = "public"
        record["access"] = .object(access)
        return record
    }
}
