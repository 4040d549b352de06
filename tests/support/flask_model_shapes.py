"""Models with several table constraints, declared with Flask-SQLAlchemy 3: the reference for the order
in which CREATE TABLE lists CHECK, UNIQUE and FOREIGN KEY constraints, and for the DDL of columns with
defaults (only server_default reaches the DDL).

    flask_model_shapes.py create <db>      create_all() on <db>
"""
import sys

from flask import Flask
from flask_sqlalchemy import SQLAlchemy

app = Flask(__name__)
app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///" + sys.argv[2]
db = SQLAlchemy(app)


class Owner(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(40), nullable=False)


class Gizmo(db.Model):
    __table_args__ = (db.CheckConstraint("size > 0"), db.CheckConstraint("size < 100"))
    id = db.Column(db.Integer, primary_key=True)
    maker_id = db.Column(db.Integer, db.ForeignKey("owner.id"))
    code = db.Column(db.String(10), unique=True, nullable=False)
    owner_id = db.Column(db.Integer, db.ForeignKey("owner.id", ondelete="CASCADE"), unique=True, nullable=False)
    label = db.Column(db.String(20), unique=True, index=True)
    size = db.Column(db.Integer, nullable=False, server_default="1")
    active = db.Column(db.Boolean, nullable=False)


class Stamp(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    created_at = db.Column(db.DateTime, nullable=False, server_default=db.text("CURRENT_TIMESTAMP"))
    votes = db.Column(db.Integer, nullable=False, default=0)
    edited_at = db.Column(db.DateTime, onupdate=db.func.now())


stamp_owner = db.Table(
    "stamp_owner",
    db.Column("stamp_id", db.Integer, db.ForeignKey("stamp.id"), primary_key=True),
    db.Column("owner_id", db.Integer, db.ForeignKey("owner.id"), primary_key=True),
    db.Column("note", db.String(20)),
)


if __name__ == "__main__":
    if sys.argv[1] != "create":
        raise SystemExit("unknown command " + sys.argv[1])
    with app.app_context():
        db.create_all()
