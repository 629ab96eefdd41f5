-- An unnamed source in the text's words ("officials", "a spokeswoman"): the claim is attributed
-- even though no entity asserts it, so it is never mistaken for the document's own voice.
ALTER TABLE claims ADD COLUMN source TEXT;
