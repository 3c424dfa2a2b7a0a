"""The words of each language: the reports' labels (``labels``), ``explain``'s sentences
(``phrases``) and the input workbook's explanations (``template_help``), English and Swedish side
by side; the glossary of Swedish terms is ``docs/glossary.md``."""
