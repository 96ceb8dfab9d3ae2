package org.sparkharness.executors.client;

/** Which model a client uses as its own when personalised accuracy is measured. */
public enum PersonalModel {
    /** The global model (FedAvg, FedProx, FedPara): personalised accuracy is then "global model on local data". */
    GLOBAL,
    /** The client's own full model from the client store, global when it has none yet (FedCAC). */
    STORED,
    /** Global entries plus the client's stored local entries (pFedPara). */
    GLOBAL_WITH_LOCAL
}
