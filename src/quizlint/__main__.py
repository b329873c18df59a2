from quizlint.cli import main_entry

main_entry()
