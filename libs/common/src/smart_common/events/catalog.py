"""Every published event type, by type name: what consumers decode and AsyncAPI documents."""

from __future__ import annotations

from smart_common.events import (
    collections,
    data_export,
    erasure,
    governance,
    invoicing,
    members,
    payroll,
)
from smart_common.events.envelope import EventData

EVENT_TYPES: tuple[type[EventData], ...] = (
    members.MemberRegistered,
    members.MemberBecameShareholder,
    members.JobDeclared,
    members.JobCancelled,
    members.LongContractDeclared,
    members.ClientRegistered,
    members.ActivityUpdated,
    payroll.ContractGenerated,
    payroll.ContractRefused,
    payroll.LongContractGenerated,
    payroll.HiringDeclarationAccepted,
    payroll.HiringDeclarationRefused,
    payroll.HiringDeclarationCancelled,
    payroll.WorkerIdentityCorrected,
    payroll.PeriodicDeclarationFiled,
    payroll.PayslipIssued,
    payroll.SalaryPaymentOrdered,
    payroll.SalaryPaid,
    payroll.PayrollTermsPublished,
    invoicing.InvoiceIssued,
    invoicing.InvoiceSent,
    invoicing.ReminderSent,
    invoicing.CreditNoteIssued,
    invoicing.QuoteAccepted,
    invoicing.QuoteConfirmed,
    collections.ReceivableOpened,
    collections.PaymentApplied,
    collections.PaymentReceived,
    collections.SalaryGuaranteed,
    collections.GuaranteeAdvanced,
    collections.GuaranteeRecovered,
    collections.ReceivableWrittenOff,
    collections.ReminderIssued,
    collections.CollectionCaseOpened,
    collections.ReceivableAdjusted,
    governance.ShareSubscribed,
    data_export.DataExportRequested,
    invoicing.InvoicingDataExportPart,
    payroll.PayrollDataExportPart,
    collections.CollectionsDataExportPart,
    governance.GovernanceDataExportPart,
    erasure.MemberErasureRequested,
    invoicing.InvoicingErasureReport,
    payroll.PayrollErasureReport,
    collections.CollectionsErasureReport,
    governance.GovernanceErasureReport,
)

BY_TYPE: dict[str, type[EventData]] = {model.event_type: model for model in EVENT_TYPES}
STREAMS: tuple[str, ...] = tuple(sorted({model.stream for model in EVENT_TYPES}))
