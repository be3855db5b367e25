from datetime import date
from decimal import Decimal

import pytest

from smart_collections.statements.camt053 import VERSIONS, read_camt053
from smart_collections.statements.model import UnreadableStatement
from smart_devstack.bank_statements import Credit, camt053

DAY = date(2026, 3, 2)

# A .02 statement as a Belgian bank sends it, written by hand from the message definition:
# one booked credit with a structured communication, one pending entry, a bank fee.
HAND_WRITTEN = b"""<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">
 <BkToCstmrStmt>
  <GrpHdr><MsgId>20260302-0001</MsgId><CreDtTm>2026-03-02T21:05:00</CreDtTm></GrpHdr>
  <Stmt>
   <Id>2026-042</Id><ElctrncSeqNb>42</ElctrncSeqNb><CreDtTm>2026-03-02T21:05:00</CreDtTm>
   <Acct><Id><IBAN>BE71 0961 2345 6769</IBAN></Id><Ccy>EUR</Ccy></Acct>
   <Bal><Tp><CdOrPrtry><Cd>PRCD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">10.00</Amt>
    <CdtDbtInd>DBIT</CdtDbtInd><Dt><Dt>2026-03-01</Dt></Dt></Bal>
   <Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">1198.50</Amt>
    <CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2026-03-02</Dt></Dt></Bal>
   <Ntry><Amt Ccy="EUR">1210.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>
    <BookgDt><Dt>2026-03-02</Dt></BookgDt><ValDt><Dt>2026-03-02</Dt></ValDt>
    <AcctSvcrRef>0302A1</AcctSvcrRef>
    <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd>
    <NtryDtls><TxDtls>
     <Refs><AcctSvcrRef>0302A1</AcctSvcrRef><EndToEndId>NOTPROVIDED</EndToEndId></Refs>
     <AmtDtls><TxAmt><Amt Ccy="EUR">1210.00</Amt></TxAmt></AmtDtls>
     <RltdPties><Dbtr><Nm>Theatre de Namur</Nm></Dbtr>
      <DbtrAcct><Id><IBAN>BE68539007547034</IBAN></Id></DbtrAcct></RltdPties>
     <RmtInf><Strd><CdtrRefInf><Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry><Issr>BBA</Issr></Tp>
      <Ref>090933755493</Ref></CdtrRefInf></Strd></RmtInf>
    </TxDtls></NtryDtls></Ntry>
   <Ntry><Amt Ccy="EUR">99.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>PDNG</Sts>
    <BookgDt><Dt>2026-03-02</Dt></BookgDt><ValDt><Dt>2026-03-03</Dt></ValDt>
    <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd>
   </Ntry>
   <Ntry><Amt Ccy="EUR">1.50</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts>BOOK</Sts>
    <BookgDt><Dt>2026-03-02</Dt></BookgDt><ValDt><Dt>2026-03-02</Dt></ValDt>
    <AcctSvcrRef>0302F1</AcctSvcrRef>
    <BkTxCd><Domn><Cd>ACMT</Cd><Fmly><Cd>MDOP</Cd><SubFmlyCd>CHRG</SubFmlyCd></Fmly></Domn></BkTxCd>
   </Ntry>
  </Stmt>
 </BkToCstmrStmt>
</Document>"""


def test_a_hand_written_statement_reads_as_the_bank_meant_it():
    statement = read_camt053(HAND_WRITTEN)
    statement.check_balances()
    assert statement.format == "camt.053.001.02"
    assert (statement.account, statement.statement_id, statement.sequence) == (
        "BE71096123456769",
        "2026-042",
        "42",
    )
    assert statement.statement_date == DAY
    assert (statement.opening_balance, statement.closing_balance) == (
        Decimal("-10.00"),
        Decimal("1198.50"),
    )
    payment, fee = statement.lines  # the pending entry is not on the balance
    assert payment.credit and payment.amount == Decimal("1210.00")
    assert payment.structured_reference == "090933755493"
    assert (payment.counterparty_name, payment.counterparty_iban) == (
        "Theatre de Namur",
        "BE68539007547034",
    )
    assert payment.bank_reference == "0302A1"
    assert not fee.credit and fee.amount == Decimal("1.50") and fee.bank_reference == "0302F1"


@pytest.mark.parametrize("version", VERSIONS)
def test_every_version_gives_the_same_lines(version):
    credits = [
        Credit(Decimal("1210.00"), reference="+++090/9337/55493+++"),
        Credit(Decimal("50.00"), reference="RF18539007547034", debtor="Zoltan Quarkwright"),
        Credit(Decimal("20.00"), unstructured="invoice 2026-000123"),
        Credit(Decimal("3.00"), debit=True, debtor="Bank fees"),
    ]
    statement = read_camt053(camt053(credits, DAY, version=version))
    statement.check_balances()
    assert statement.format == version
    assert [line.signed for line in statement.lines] == [
        Decimal("1210.00"),
        Decimal("50.00"),
        Decimal("20.00"),
        Decimal("-3.00"),
    ]
    assert statement.lines[1].structured_reference == "RF18539007547034"
    assert statement.lines[1].counterparty_name == "Zoltan Quarkwright"
    assert statement.lines[2].unstructured == "invoice 2026-000123"
    assert statement.lines[3].counterparty_name == "Bank fees"  # a debit's creditor


@pytest.mark.parametrize(
    "data, reason",
    [
        (b"%PDF-1.7 not a statement", "namespace is missing"),
        (
            b'<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.09"/>',
            "namespace is pain.001.001.09",
        ),
        (camt053([Credit(Decimal("5.00"))], DAY)[:-40], "not well-formed XML"),
        (
            HAND_WRITTEN.replace(b"<IBAN>BE71 0961 2345 6769</IBAN>", b""),
            "no IBAN",
        ),
        (
            b'<!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            b'<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">&x;</Document>',
            "no statement",
        ),
    ],
)
def test_a_file_that_is_not_a_readable_statement_says_why(data, reason):
    with pytest.raises(UnreadableStatement, match=reason):
        read_camt053(data).check_balances()


def test_unbalanced_balances_are_refused_with_the_figures():
    data = camt053([Credit(Decimal("5.00"))], DAY, closing=Decimal("1004.00"))
    with pytest.raises(UnreadableStatement, match=r"1000.00 \+ credits 5.00 − debits 0 = 1005.00"):
        read_camt053(data).check_balances()
