"""Countries and capital cities: places whatever label the model gives them ("Kyiv" as a person)."""

from service.pipeline.vocabulary import words

PLACES = words("countries") | words("capitals")
