"""Database tables of the threshold store (SQLAlchemy 1.4, 2.0-style declarative mapping)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from sqlalchemy import JSON, Column, Date, DateTime, Integer, String, Text
from sqlalchemy.orm import declarative_base
from sqlalchemy.types import TypeDecorator

Base = declarative_base()


class ExactDecimal(TypeDecorator):
    """A decimal stored as its exact text, so SQLite and PostgreSQL give back the same value."""

    impl = String(40)
    cache_ok = True

    def process_bind_param(self, value: Decimal | None, dialect: object) -> str | None:
        return None if value is None else str(Decimal(value))

    def process_result_value(self, value: str | None, dialect: object) -> Decimal | None:
        return None if value is None else Decimal(value)


class RuleRow(Base):
    """One dated, cited rule, as loaded from `data/thresholds`."""

    __tablename__ = "rules"

    id: str = Column(String(100), primary_key=True)
    jurisdiction: str = Column(String(8), nullable=False, index=True)
    kind: str = Column(String(60), nullable=False, index=True)
    variant: str | None = Column(String(60))
    status: str | None = Column(String(20))
    value_number: Decimal | None = Column(ExactDecimal())
    value_text: str | None = Column(Text)
    currency: str | None = Column(String(3))
    unit: str | None = Column(String(10))
    effective_from: dt.date | None = Column(Date, index=True)
    effective_to: dt.date | None = Column(Date, index=True)
    scope: dict = Column(JSON, nullable=False, default=dict)
    exclusions: list = Column(JSON, nullable=False, default=list)
    summary: str = Column(Text, nullable=False)
    #: The summary in Spanish; null when the YAML gives none (answers then use `summary`).
    summary_es: str | None = Column(Text)
    citation: str = Column(Text, nullable=False)
    source_url: str = Column(Text, nullable=False)
    #: The official links the YAML lists ([{"cites": ..., "url": ...}]); those built from the
    #: citation are derived when the rule is read (bot/thresholds/citations.py).
    official_links: list = Column(JSON, nullable=False, default=list)
    confidence: str = Column(String(10), nullable=False)
    last_verified: dt.date = Column(Date, nullable=False)
    source_file: str = Column(String(200), nullable=False)


class DatasetRow(Base):
    """The single row describing the loaded data set; `revision` grows with every change."""

    __tablename__ = "dataset"

    id: int = Column(Integer, primary_key=True)
    data_as_of: dt.date = Column(Date, nullable=False)
    revision: int = Column(Integer, nullable=False, default=0)
    content_hash: str = Column(String(64), nullable=False)
    loaded_at: dt.datetime = Column(DateTime(timezone=True), nullable=False)
    source: str = Column(Text, nullable=False)


class AuditRow(Base):
    """Append-only trail of every change to a rule (database triggers refuse updates and deletes)."""

    __tablename__ = "rule_audit"

    id: int = Column(Integer, primary_key=True, autoincrement=True)
    changed_at: dt.datetime = Column(DateTime(timezone=True), nullable=False, index=True)
    rule_id: str = Column(String(100), nullable=False, index=True)
    action: str = Column(String(10), nullable=False)  # insert | update | delete
    old_value: dict | None = Column(JSON)
    new_value: dict | None = Column(JSON)
    source: str = Column(Text, nullable=False)
