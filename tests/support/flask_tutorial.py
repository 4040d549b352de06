"""The tutorial's Flask-SQLAlchemy models, used as the reference for database compatibility.

    flask_tutorial.py create <db>          create_all() on <db>
    flask_tutorial.py add-user <db> <name> <email> <password>
    flask_tutorial.py dump <db>            print every user and pet as JSON
    flask_tutorial.py add-comment <db> <content>   a PetComment (the tutorial's comments belong to no pet)
    flask_tutorial.py dump-comments <db>   print every comment as JSON
"""
import json
import sys

from flask import Flask
from flask_sqlalchemy import SQLAlchemy

app = Flask(__name__)
app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///" + sys.argv[2]
app.config["SQLALCHEMY_TRACK_MODIFICATIONS"] = False
db = SQLAlchemy(app)


class User(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    username = db.Column(db.String(100), nullable=False)
    user_email = db.Column(db.String(100), nullable=False)
    user_password = db.Column(db.String(150), nullable=False)


class PetHandler(db.Model):
    handler_id = db.Column(db.Integer, primary_key=True)
    handler_name = db.Column(db.String(150), nullable=False)
    pet_category = db.relationship("PetCategory", backref="pet_handler", lazy=True)


class PetCategory(db.Model):
    pet_id = db.Column(db.Integer, primary_key=True)
    pet_name = db.Column(db.String(100), nullable=False)
    pet_category = db.Column(db.String(50), nullable=False)
    handler_id = db.Column(db.Integer, db.ForeignKey("pet_handler.handler_id"), nullable=False)


class PetComment(db.Model):
    comment_id = db.Column(db.Integer, primary_key=True)
    comment_content = db.Column(db.String(200), nullable=False)


def main():
    command = sys.argv[1]
    with app.app_context():
        if command == "create":
            db.create_all()
        elif command == "add-user":
            db.session.add(User(username=sys.argv[3], user_email=sys.argv[4], user_password=sys.argv[5]))
            handler = PetHandler(handler_name="Flask handler")
            handler.pet_category.append(PetCategory(pet_name="Rex", pet_category="dog"))
            db.session.add(handler)
            db.session.commit()
        elif command == "dump":
            users = [{"id": u.id, "username": u.username, "user_email": u.user_email} for u in User.query.all()]
            pets = [{"pet_name": p.pet_name, "handler": p.pet_handler.handler_name} for p in PetCategory.query.all()]
            print(json.dumps({"users": users, "pets": pets}, ensure_ascii=False))
        elif command == "add-comment":
            db.session.add(PetComment(comment_content=sys.argv[3]))
            db.session.commit()
        elif command == "dump-comments":
            comments = [{"comment_id": c.comment_id, "comment_content": c.comment_content} for c in PetComment.query.all()]
            print(json.dumps({"comments": comments}, ensure_ascii=False))
        else:
            raise SystemExit("unknown command " + command)


if __name__ == "__main__":
    main()
