use super::*;
use crate::domain::money;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn press(form: &mut Form, code: KeyCode) -> Outcome {
    form.handle_key(&KeyEvent::new(code, KeyModifiers::NONE))
}

fn type_text(form: &mut Form, text: &str) {
    for c in text.chars() {
        assert_eq!(press(form, KeyCode::Char(c)), Outcome::Used);
    }
}

fn communes() -> Completer {
    Arc::new(|q: &str| {
        ["Arras", "Arques", "Calais"]
            .iter()
            .filter(|n| n.to_lowercase().starts_with(&q.to_lowercase()))
            .map(|n| (format!("code-{n}"), n.to_string()))
            .collect()
    })
}

fn sample() -> Form {
    Form::new(
        "Essai",
        vec![
            Field::line("name", "Nom", "").required(),
            Field::amount("amount", "Montant", None),
            Field::date("date", "Date", None),
            Field::choice(
                "kind",
                "Type",
                vec![("a".into(), "Alpha".into()), ("b".into(), "Bravo".into())],
                None,
            ),
            Field::several(
                "themes",
                "Thèmes",
                vec![("x".into(), "X".into()), ("y".into(), "Y".into())],
                &[],
            ),
            Field::completion("commune", "Commune", communes(), None),
            Field::checkbox("ok", "Accord", false),
            Field::multi("notes", "Notes", "", 3),
        ],
    )
}

#[test]
fn typing_then_leaving_reports_the_changed_field() {
    let mut form = sample();
    type_text(&mut form, "Léa");
    assert_eq!(press(&mut form, KeyCode::Tab), Outcome::Left(0));
    assert_eq!(form.focus, 1);
    // Leaving an untouched field asks for nothing.
    assert_eq!(press(&mut form, KeyCode::Tab), Outcome::Used);
    assert_eq!(form.field("name").unwrap().value(), Ok(Value::text("Léa")));
}

#[test]
fn an_amount_keeps_what_was_typed_and_says_the_error() {
    let mut form = sample();
    form.focus = 1;
    type_text(&mut form, "12.500,50");
    press(&mut form, KeyCode::Tab);
    let f = form.field("amount").unwrap();
    assert_eq!(
        f.error.as_deref(),
        Some(money::MoneyError::Marks.to_string().as_str())
    );
    assert_eq!(
        Field::text(match &f.input {
            Input::Amount(a) => a,
            _ => unreachable!(),
        }),
        "12.500,50"
    );
    // Fixing it clears the error as soon as it reads.
    form.focus = 1;
    for _ in 0..7 {
        press(&mut form, KeyCode::Backspace);
    }
    assert_eq!(form.field("amount").unwrap().error, None);
    assert_eq!(form.field("amount").unwrap().value(), Ok(Value::Int(1_200)));
}

#[test]
fn dates_are_typed_the_french_way() {
    let mut form = sample();
    form.focus = 2;
    type_text(&mut form, "04/03/2026");
    assert_eq!(
        form.field("date").unwrap().value(),
        Ok(Value::text("2026-03-04"))
    );
    press(&mut form, KeyCode::Backspace);
    type_text(&mut form, "7");
    press(&mut form, KeyCode::Tab);
    assert_eq!(
        form.field("date").unwrap().value(),
        Ok(Value::text("2027-03-04"))
    );
    form.focus = 2;
    type_text(&mut form, "x");
    assert!(form.field("date").unwrap().value().is_err());
}

#[test]
fn choices_boxes_and_several() {
    let mut form = sample();
    form.focus = 3;
    press(&mut form, KeyCode::Right);
    press(&mut form, KeyCode::Right);
    assert_eq!(form.field("kind").unwrap().value(), Ok(Value::text("b")));
    type_text(&mut form, "a");
    assert_eq!(form.field("kind").unwrap().value(), Ok(Value::text("a")));
    form.focus = 4;
    press(&mut form, KeyCode::Char(' '));
    press(&mut form, KeyCode::Right);
    press(&mut form, KeyCode::Char(' '));
    assert_eq!(
        form.field("themes").unwrap().value(),
        Ok(Value::text(r#"["x","y"]"#))
    );
    form.focus = 6;
    press(&mut form, KeyCode::Char(' '));
    assert_eq!(form.field("ok").unwrap().value(), Ok(Value::Int(1)));
}

#[test]
fn completion_needs_a_pick_from_the_list() {
    let mut form = sample();
    form.focus = 5;
    type_text(&mut form, "ar");
    match &form.field("commune").unwrap().input {
        Input::Completion { suggestions, .. } => assert_eq!(suggestions.len(), 2),
        _ => unreachable!(),
    }
    assert!(
        form.field("commune").unwrap().value().is_err(),
        "typed but not picked"
    );
    // Entrée alone takes neither; ↓ goes to the first, ↓ again to the second.
    assert_eq!(press(&mut form, KeyCode::Enter), Outcome::Used);
    assert!(form.field("commune").unwrap().value().is_err());
    press(&mut form, KeyCode::Down);
    press(&mut form, KeyCode::Down);
    assert_eq!(press(&mut form, KeyCode::Enter), Outcome::Used);
    assert_eq!(
        form.field("commune").unwrap().value(),
        Ok(Value::text("code-Arques"))
    );
    assert_eq!(form.focus, 5, "Entrée accepts the suggestion and stays");
}

#[test]
fn multi_line_text_takes_enter_and_arrows_and_undo() {
    let mut form = sample();
    form.focus = 7;
    type_text(&mut form, "ab");
    let new_line = KeyEvent::new(KeyCode::Enter, KeyModifiers::ALT);
    assert_eq!(form.handle_key(&new_line), Outcome::Used);
    type_text(&mut form, "c");
    assert_eq!(
        form.field("notes").unwrap().value(),
        Ok(Value::text("ab\nc"))
    );
    press(&mut form, KeyCode::Up);
    assert_eq!(form.focus, 7, "↑ moves inside the text");
    let undo = KeyEvent::new(KeyCode::Char('z'), KeyModifiers::CONTROL);
    assert_eq!(form.handle_key(&undo), Outcome::Used);
    assert_eq!(form.field("notes").unwrap().value(), Ok(Value::text("ab")));
    // Ctrl+J too, for a terminal that keeps Alt for itself.
    let ctrl_j = KeyEvent::new(KeyCode::Char('j'), KeyModifiers::CONTROL);
    assert_eq!(form.handle_key(&ctrl_j), Outcome::Used);
    type_text(&mut form, "d");
    let text = form.field("notes").unwrap().value().unwrap();
    let text = text.as_str().unwrap();
    assert!(
        text.starts_with("ab\n") && text.ends_with("\nd"),
        "{text:?}"
    );
}

#[test]
fn enter_on_a_last_long_text_saves_as_the_hint_says() {
    let mut form = Form::new(
        "x",
        vec![
            Field::line("a", "A", ""),
            Field::multi("comment", "Commentaire", "", 3),
        ],
    );
    form.focus = 1;
    type_text(&mut form, "Dossier solide");
    assert_eq!(press(&mut form, KeyCode::Enter), Outcome::Submit);
    assert_eq!(
        form.field("comment").unwrap().value(),
        Ok(Value::text("Dossier solide"))
    );
}

#[test]
fn enter_on_the_last_field_submits_and_escape_cancels() {
    let mut form = Form::new(
        "x",
        vec![Field::line("a", "A", ""), Field::line("b", "B", "")],
    );
    assert_eq!(press(&mut form, KeyCode::Enter), Outcome::Used);
    assert_eq!(form.focus, 1);
    assert_eq!(press(&mut form, KeyCode::Enter), Outcome::Submit);
    assert_eq!(press(&mut form, KeyCode::Esc), Outcome::Cancel);
    let save = KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL);
    assert_eq!(form.handle_key(&save), Outcome::Submit);
    assert_eq!(press(&mut form, KeyCode::F(1)), Outcome::Ignored);
}

#[test]
fn required_fields_are_checked_and_paste_is_flattened() {
    let mut form = sample();
    assert!(!form.validate());
    assert_eq!(form.focus, 0);
    assert_eq!(
        form.field("name").unwrap().error.as_deref(),
        Some("obligatoire.")
    );
    assert_eq!(form.paste("Jean\nPierre\u{7}"), Outcome::Used);
    assert_eq!(
        form.field("name").unwrap().value(),
        Ok(Value::text("Jean Pierre"))
    );
    assert!(form.validate());
}

#[test]
fn a_long_error_wraps_under_its_field_and_the_next_field_moves_down() {
    use ratatui::{Terminal, backend::TestBackend};
    let mut form = sample();
    let error = "Montant au-dessus du maximum de la campagne : 20 000 € par projet au plus ; \
                 répartissez la dépense sur plusieurs lignes ou revoyez le projet.";
    form.fields[1].error = Some(error.to_string());
    let mut terminal = Terminal::new(TestBackend::new(80, 12)).unwrap();
    terminal
        .draw(|f| form.render(f, f.area(), &crate::tui::theme::Theme { colour: false }))
        .unwrap();
    let screen: String = terminal
        .backend()
        .buffer()
        .content()
        .chunks(80)
        .map(|row| row.iter().map(|c| c.symbol()).collect::<String>() + "\n")
        .collect();
    let words = screen.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(words.contains(error), "{screen}");
    // The field after it is still drawn, under the whole error.
    let error_end = screen.find("le projet.").unwrap();
    let third = &form.fields[2].label;
    assert!(
        screen.rfind(third.as_str()).unwrap() > error_end,
        "{screen}"
    );
}

#[test]
fn a_text_longer_than_its_box_ends_with_an_ellipsis_when_not_edited() {
    use ratatui::{Terminal, backend::TestBackend};
    let long = "Un jardin partagé au pied des immeubles, avec des bacs à hauteur de fauteuil, \
                un composteur collectif, des ateliers chaque mercredi avec le centre social \
                et l'école, et une fête des récoltes en septembre pour tout le quartier.";
    let draw = |focus: usize| {
        let mut form = Form::new(
            "Essai",
            vec![
                Field::line("title", "Titre", ""),
                Field::multi("description", "Description", long, 2),
            ],
        );
        form.focus = focus;
        let mut terminal = Terminal::new(TestBackend::new(60, 6)).unwrap();
        terminal
            .draw(|f| form.render(f, f.area(), &crate::tui::theme::Theme { colour: false }))
            .unwrap();
        let buffer = terminal.backend().buffer().clone();
        // The last cell of the description's box (its second row).
        buffer[(59, 2)].symbol().to_string()
    };
    assert_eq!(draw(0), "…", "cut, and said so");
    assert_ne!(draw(1), "…", "being edited: the text itself");
}
