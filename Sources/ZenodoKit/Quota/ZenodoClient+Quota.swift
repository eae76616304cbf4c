import FoundationEssentials
import NIOHTTP1

extension ZenodoClient {
    /// Raises a draft's quota (and its largest file) to `gigabytes` decimal GB through the
    /// self-service increase: `POST /api/records/{id}/quota-increase` with `{"quota_size": "N"}`
    /// (a string; invenio-rdm-records 1f23bb9e `resources/config.py` route `quota-increase`,
    /// `services/services.py` `quota_increase`, `requests/quota_increase.py`). Zenodo serves it for
    /// both APIs' records (one record id). Answers the new quota in bytes; a refusal or a server
    /// without the route is said with what to do instead.
    public func increaseQuota(of id: Int, toGigabytes gigabytes: Int) async throws -> Int64 {
        let extra = max(gigabytes - Int(RecordQuota.defaultQuota / RecordQuota.gigabyte), 0)
        do {
            let reply = try await send(
                .POST, url("/records/\(id)/quota-increase"), json: ["quota_size": .string(String(gigabytes))],
                idempotent: false, accept: Self.rdmAccept)
            let request = try reply.json("the quota increase")
            guard request["status"]?.string == "accepted" else {
                throw ZenodoError(
                    .unexpected,
                    "\(profile.displayName) did not accept the quota increase of deposition \(id) (its request is \(request["status"]?.string ?? "in no state")): the quota is unchanged"
                )
            }
            return Int64(gigabytes) * RecordQuota.gigabyte
        } catch let error as ZenodoError where error.status == 403 {
            throw ZenodoError(
                .validation,
                "\(profile.displayName) refused to raise deposition \(id)'s quota to \(gigabytes) GB: its self-service increase is off, or less than \(extra) GB of your \(RecordQuota.maxAdditional / RecordQuota.gigabyte) GB of additional storage is left (your other records hold the rest; see its storage settings). Ask its support, or split the dataset across records",
                status: 403)
        } catch let error as ZenodoError where error.status == 404 || error.status == 405 {
            throw ZenodoError(
                .validation,
                "\(profile.displayName) has no self-service quota increase (the quota-increase route answered \(error.status!)): ask its support to raise deposition \(id)'s quota, or split the dataset across records",
                status: error.status)
        }
    }
}
