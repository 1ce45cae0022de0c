"""Outlets known by their page template (quote_warehouse/text/page_templates.csv)."""

from quote_warehouse.text.clean import clean_article, page_templates, template_outlet


def test_every_template_row_compiles_and_names_an_outlet():
    rows = page_templates()
    assert rows and all(outlet and marker.pattern for outlet, marker in rows)


def test_an_icon_sprite_line_names_its_site():
    sprite = "icon closeicon downloadicon flag ruicon fullicon vkicon yticon"
    assert template_outlet(sprite) == "RT"
    assert template_outlet("icon closeicon downloadicon fbicon twicon") is None


def test_the_template_outlet_reaches_the_document_but_never_overrides_one_the_text_gives():
    body = ("A minister spoke.\n\nThe minister said the talks would resume next week, officials in "
            "the capital confirmed on Friday.")
    page = "icon bookmark-bicon bookmarkicon closeicon flag ruicon vkicon yticon\n\n" + body
    assert clean_article(page, "txt").outlet == "RT"
    assert clean_article(body, "txt").outlet is None
    bylined = "icon bookmark-bicon bookmarkicon closeicon flag ruicon vkicon yticon\n\nBy Reuters\n\n" + body
    assert clean_article(bylined, "txt").outlet == "Reuters"
