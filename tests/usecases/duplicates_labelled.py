"""A labelled set for duplicate detection: pairs of ideas as workshop participants write them.

Each entry is ((title, problem), (title, problem)). NEAR are the same idea in other
words; DISTINCT are different ideas, many of them hard negatives that share words
(the same department, the same documents) but not the need. Half are in French.
Written for the test, never tuned against: adding pairs is welcome, the floors hold.
"""

NEAR_EN = [
    (
        ("Automatic invoice processing", "Accounts payable types every supplier invoice into the ERP by hand."),
        ("Extract data from supplier bills", "Clerks re-key the amounts and dates of each bill we receive."),
    ),
    (
        ("Email triage for customer service", "Agents sort hundreds of customer emails a day before answering."),
        ("Sort incoming customer mails", "The support inbox is sorted by hand every morning into queues."),
    ),
    (
        ("Churn prediction", "We learn that customers leave only when they cancel."),
        ("Predict which customers will cancel", "Find the customers at risk of churn before they leave."),
    ),
    (
        ("Meeting minutes summary", "Someone spends an hour writing the minutes of every meeting."),
        ("Summarise our meetings automatically", "Turn meeting recordings into a written summary with actions."),
    ),
    (
        ("Demand forecasting", "Stock-outs and overstock because sales are forecast in a spreadsheet."),
        ("Forecast product demand", "Predict next month's sales per product to plan inventory."),
    ),
    (
        ("Contract clause review", "Lawyers read every supplier contract looking for risky clauses."),
        ("Flag risky clauses in contracts", "Highlight unusual liability or termination terms in agreements."),
    ),
    (
        ("Chatbot for IT helpdesk", "Password resets and VPN questions flood the helpdesk."),
        ("IT support assistant", "An assistant that answers common IT support requests like password resets."),
    ),
    (
        ("Fraud detection on expense claims", "Auditors check expense claims by sampling and miss fraud."),
        ("Detect fraudulent expense reports", "Find suspicious expense reports that auditors should check."),
    ),
    (
        ("CV screening", "Recruiters read hundreds of CVs for each opening."),
        ("Shortlist candidates from resumes", "Rank incoming candidates' CVs against the job description."),
    ),
    (
        ("Predictive maintenance for the presses", "Breakdowns of the stamping presses stop the line."),
        ("Anticipate machine failures", "Predict press failures from sensor data before the line stops."),
    ),
    (
        ("Translate product documentation", "Manuals are translated by an agency, weeks after release."),
        ("Machine translation of manuals", "Translation of the product manuals into six languages takes weeks."),
    ),
    (
        ("Answer RFP questionnaires", "Sales copies answers to tender questionnaires from old responses."),
        ("Draft responses to tenders", "Pre-fill RFP answers from our library of past tender responses."),
    ),
    (
        ("Delivery delay alerts", "Customers call to ask where their order is when it is late."),
        ("Warn customers about late deliveries", "Tell customers proactively when a delivery will be delayed."),
    ),
    (
        ("Classify support tickets", "Tickets are routed to the wrong team and bounce around."),
        ("Route helpdesk tickets automatically", "Send each incoming ticket to the right support team."),
    ),
    (
        ("Invoice matching with purchase orders", "Matching invoices to POs and receipts is done manually."),
        ("Three-way match for bills", "Match each bill against the purchase order and goods receipt."),
    ),
    (
        ("Sentiment analysis of customer reviews", "Nobody reads the thousands of reviews we get."),
        ("Analyse what customers say in reviews", "Find the themes and mood in product reviews."),
    ),
    (
        ("Inventory optimisation", "Too much stock in some warehouses, shortages in others."),
        ("Optimise stock levels across warehouses", "Balance inventory between sites to avoid shortages."),
    ),
    (
        ("Generate product descriptions", "Copywriters write descriptions for 5,000 products."),
        ("Write product listings for the web shop", "Draft the web shop descriptions of each product."),
    ),
    (
        ("Onboarding assistant for new hires", "New employees ask HR the same questions in their first weeks."),
        ("HR chatbot for newcomers", "Answer new hires' questions about leave, payroll and tools."),
    ),
    (
        ("Quality inspection with vision", "Defects on the line are caught by people looking at parts."),
        ("Detect defects with cameras", "Cameras spot scratches and defects on parts on the line."),
    ),
    (
        ("Summarise call centre conversations", "Agents write a note after every call."),
        ("Call summary for agents", "Write the after-call note from the call transcript."),
    ),
    (
        ("Extract data from scanned forms", "Paper forms are scanned then typed in again."),
        ("OCR for paper forms", "Read scanned customer forms and fill the system."),
    ),
]

NEAR_FR = [
    (
        (
            "Traitement automatique des factures",
            "La comptabilité saisit chaque facture fournisseur à la main dans l'ERP.",
        ),
        (
            "Extraction des données des factures fournisseurs",
            "Les comptables ressaisissent montants et dates de chaque facture.",
        ),
    ),
    (
        ("Tri des courriels du service client", "Les agents trient des centaines de mails clients par jour."),
        ("Classer les e-mails entrants des clients", "La boîte du service client est triée à la main chaque matin."),
    ),
    (
        ("Prédiction de l'attrition", "On apprend qu'un client part seulement quand il résilie."),
        ("Anticiper les résiliations clients", "Repérer les clients qui risquent de partir avant qu'ils résilient."),
    ),
    (
        (
            "Compte rendu de réunion automatique",
            "Quelqu'un passe une heure à rédiger le compte rendu de chaque réunion.",
        ),
        ("Résumé des réunions", "Transformer l'enregistrement des réunions en synthèse avec les actions."),
    ),
    (
        ("Prévision de la demande", "Ruptures et surstocks car les ventes sont prévues dans un tableur."),
        ("Prévoir les ventes par produit", "Prédire les ventes du mois prochain pour planifier le stock."),
    ),
    (
        (
            "Analyse des clauses de contrats",
            "Les juristes lisent chaque contrat fournisseur pour trouver les clauses à risque.",
        ),
        ("Repérer les clauses risquées", "Signaler les clauses inhabituelles de responsabilité dans les contrats."),
    ),
    (
        ("Assistant pour le support informatique", "Les réinitialisations de mot de passe saturent le support."),
        ("Chatbot helpdesk informatique", "Un agent conversationnel qui répond aux demandes courantes du support."),
    ),
    (
        ("Détection de fraude sur les notes de frais", "Les auditeurs contrôlent les notes de frais par échantillon."),
        ("Repérer les notes de frais frauduleuses", "Trouver les notes de frais suspectes à contrôler."),
    ),
    (
        ("Tri des CV", "Les recruteurs lisent des centaines de CV pour chaque poste."),
        ("Présélection des candidats", "Classer les CV des candidats selon la fiche de poste."),
    ),
    (
        ("Maintenance prédictive des presses", "Les pannes des presses arrêtent la ligne."),
        ("Anticiper les pannes machines", "Prévoir les pannes des presses à partir des capteurs."),
    ),
    (
        (
            "Traduction de la documentation produit",
            "Les manuels sont traduits par une agence des semaines après la sortie.",
        ),
        ("Traduire automatiquement les manuels", "La traduction des manuels en six langues prend des semaines."),
    ),
    (
        ("Réponse aux appels d'offres", "Les commerciaux copient les réponses des anciens appels d'offres."),
        (
            "Rédiger les réponses aux appels d'offres",
            "Pré-remplir les réponses à partir de notre bibliothèque de réponses.",
        ),
    ),
    (
        ("Alerte sur les retards de livraison", "Les clients appellent pour savoir où est leur commande en retard."),
        ("Prévenir les clients des retards", "Informer les clients quand une livraison aura du retard."),
    ),
    (
        ("Classification des tickets de support", "Les tickets arrivent dans la mauvaise équipe."),
        ("Router les demandes du support", "Envoyer chaque ticket entrant à la bonne équipe de support."),
    ),
    (
        ("Rapprochement factures et bons de commande", "Le rapprochement des factures avec les commandes est manuel."),
        ("Rapprocher chaque facture de sa commande", "Comparer chaque facture au bon de commande et à la réception."),
    ),
    (
        ("Analyse des avis clients", "Personne ne lit les milliers d'avis que nous recevons."),
        ("Comprendre ce que disent les clients dans les avis", "Trouver les thèmes et le ton des avis produits."),
    ),
    (
        ("Optimisation des stocks", "Trop de stock dans certains entrepôts, des ruptures dans d'autres."),
        ("Équilibrer les stocks entre entrepôts", "Répartir l'inventaire entre sites pour éviter les ruptures."),
    ),
    (
        ("Génération des fiches produits", "Les rédacteurs écrivent les descriptions de 5 000 produits."),
        ("Rédiger les descriptions produits du site", "Écrire les fiches produits de la boutique en ligne."),
    ),
    (
        ("Assistant d'intégration des nouveaux arrivants", "Les nouveaux posent les mêmes questions aux RH."),
        ("Chatbot RH pour les nouveaux", "Répondre aux questions des nouveaux sur congés, paie et outils."),
    ),
    (
        ("Contrôle qualité par vision", "Les défauts sont repérés par des opérateurs qui regardent les pièces."),
        ("Détecter les défauts avec des caméras", "Des caméras repèrent rayures et défauts des pièces sur la ligne."),
    ),
    (
        ("Résumé des appels du centre de contact", "Les conseillers rédigent une note après chaque appel."),
        ("Synthèse d'appel pour les conseillers", "Rédiger la note d'après-appel à partir de la transcription."),
    ),
    (
        ("Lecture des formulaires papier", "Les formulaires papier sont scannés puis ressaisis."),
        ("OCR des formulaires scannés", "Lire les formulaires clients scannés et remplir le système."),
    ),
]

DISTINCT_EN = [
    (
        ("Automatic invoice processing", "Accounts payable types every supplier invoice into the ERP by hand."),
        ("Invoice payment reminders", "Customers pay our invoices late; write the reminder emails."),
    ),
    (
        ("Email triage for customer service", "Agents sort hundreds of customer emails a day before answering."),
        ("Marketing email personalisation", "Write marketing newsletters tailored to each segment."),
    ),
    (
        ("Churn prediction", "We learn that customers leave only when they cancel."),
        ("Customer lifetime value", "Estimate how much revenue each new customer will bring."),
    ),
    (
        ("Meeting minutes summary", "Someone spends an hour writing the minutes of every meeting."),
        ("Meeting room booking", "People fight over meeting rooms; suggest free rooms."),
    ),
    (
        ("Demand forecasting", "Stock-outs and overstock because sales are forecast in a spreadsheet."),
        ("Cash flow forecasting", "Treasury predicts cash positions for the next 13 weeks."),
    ),
    (
        ("Contract clause review", "Lawyers read every supplier contract looking for risky clauses."),
        ("Contract renewal calendar", "We miss renewal dates of software subscriptions."),
    ),
    (
        ("Chatbot for IT helpdesk", "Password resets and VPN questions flood the helpdesk."),
        ("Chatbot for product recommendations", "Suggest products to web shop visitors."),
    ),
    (
        ("Fraud detection on expense claims", "Auditors check expense claims by sampling and miss fraud."),
        ("Expense claim approval workflow", "Managers approve expense claims late; speed up approvals."),
    ),
    (
        ("CV screening", "Recruiters read hundreds of CVs for each opening."),
        ("Employee training recommendations", "Suggest courses to employees based on their skills gaps."),
    ),
    (
        ("Predictive maintenance for the presses", "Breakdowns of the stamping presses stop the line."),
        ("Energy consumption of the presses", "Reduce the electricity the stamping presses use at night."),
    ),
    (
        ("Translate product documentation", "Manuals are translated by an agency, weeks after release."),
        ("Check documentation for outdated screenshots", "Screenshots in the manuals no longer match the product."),
    ),
    (
        ("Answer RFP questionnaires", "Sales copies answers to tender questionnaires from old responses."),
        ("Win/loss analysis of tenders", "Understand why we lose tenders against competitors."),
    ),
    (
        ("Delivery delay alerts", "Customers call to ask where their order is when it is late."),
        ("Delivery route optimisation", "Plan the drivers' routes to use less fuel."),
    ),
    (
        ("Classify support tickets", "Tickets are routed to the wrong team and bounce around."),
        ("Knowledge base article drafting", "Write help articles from resolved support tickets."),
    ),
    (
        ("Sentiment analysis of customer reviews", "Nobody reads the thousands of reviews we get."),
        ("Fake review detection", "Competitors post fake reviews on our product pages."),
    ),
    (
        ("Inventory optimisation", "Too much stock in some warehouses, shortages in others."),
        ("Warehouse picking robots", "Robots pick items from shelves in the warehouse."),
    ),
    (
        ("Generate product descriptions", "Copywriters write descriptions for 5,000 products."),
        ("Product image background removal", "Clean the background of product photos for the shop."),
    ),
    (
        ("Onboarding assistant for new hires", "New employees ask HR the same questions in their first weeks."),
        ("Employee attrition risk", "Predict which employees are likely to resign."),
    ),
    (
        ("Quality inspection with vision", "Defects on the line are caught by people looking at parts."),
        ("Safety monitoring with cameras", "Detect workers without helmets on the shop floor."),
    ),
    (
        ("Summarise call centre conversations", "Agents write a note after every call."),
        ("Call centre staffing forecast", "Predict call volumes to plan agents' shifts."),
    ),
    (
        ("Extract data from scanned forms", "Paper forms are scanned then typed in again."),
        ("Digital signature of forms", "Customers print, sign and scan forms; let them sign online."),
    ),
    (
        ("Supplier risk monitoring", "We learn about supplier bankruptcies too late."),
        ("Supplier invoice extraction", "Read the amounts from supplier invoices."),
    ),
]

DISTINCT_FR = [
    (
        (
            "Traitement automatique des factures",
            "La comptabilité saisit chaque facture fournisseur à la main dans l'ERP.",
        ),
        ("Relances des factures impayées", "Les clients paient en retard ; rédiger les courriels de relance."),
    ),
    (
        ("Tri des courriels du service client", "Les agents trient des centaines de mails clients par jour."),
        ("Personnalisation des newsletters", "Rédiger des newsletters marketing adaptées à chaque segment."),
    ),
    (
        ("Prédiction de l'attrition", "On apprend qu'un client part seulement quand il résilie."),
        ("Valeur vie client", "Estimer le chiffre d'affaires qu'apportera chaque nouveau client."),
    ),
    (
        (
            "Compte rendu de réunion automatique",
            "Quelqu'un passe une heure à rédiger le compte rendu de chaque réunion.",
        ),
        ("Réservation des salles de réunion", "Les salles sont toujours prises ; proposer une salle libre."),
    ),
    (
        ("Prévision de la demande", "Ruptures et surstocks car les ventes sont prévues dans un tableur."),
        ("Prévision de trésorerie", "La trésorerie prévoit la position de caisse sur 13 semaines."),
    ),
    (
        (
            "Analyse des clauses de contrats",
            "Les juristes lisent chaque contrat fournisseur pour trouver les clauses à risque.",
        ),
        (
            "Calendrier des renouvellements de contrats",
            "Nous ratons les dates de renouvellement des abonnements logiciels.",
        ),
    ),
    (
        ("Assistant pour le support informatique", "Les réinitialisations de mot de passe saturent le support."),
        ("Assistant de recommandation produits", "Suggérer des produits aux visiteurs de la boutique en ligne."),
    ),
    (
        ("Détection de fraude sur les notes de frais", "Les auditeurs contrôlent les notes de frais par échantillon."),
        ("Circuit de validation des notes de frais", "Les managers valident les notes de frais en retard."),
    ),
    (
        ("Tri des CV", "Les recruteurs lisent des centaines de CV pour chaque poste."),
        ("Recommandation de formations", "Proposer des formations aux salariés selon leurs compétences."),
    ),
    (
        ("Maintenance prédictive des presses", "Les pannes des presses arrêtent la ligne."),
        ("Consommation d'énergie des presses", "Réduire l'électricité consommée par les presses la nuit."),
    ),
    (
        (
            "Traduction de la documentation produit",
            "Les manuels sont traduits par une agence des semaines après la sortie.",
        ),
        (
            "Captures d'écran obsolètes dans la documentation",
            "Les captures des manuels ne correspondent plus au produit.",
        ),
    ),
    (
        ("Réponse aux appels d'offres", "Les commerciaux copient les réponses des anciens appels d'offres."),
        ("Analyse des appels d'offres perdus", "Comprendre pourquoi nous perdons face aux concurrents."),
    ),
    (
        ("Alerte sur les retards de livraison", "Les clients appellent pour savoir où est leur commande en retard."),
        ("Optimisation des tournées de livraison", "Planifier les tournées des chauffeurs pour consommer moins."),
    ),
    (
        ("Classification des tickets de support", "Les tickets arrivent dans la mauvaise équipe."),
        (
            "Rédaction d'articles de la base de connaissances",
            "Écrire des articles d'aide à partir des tickets résolus.",
        ),
    ),
    (
        ("Analyse des avis clients", "Personne ne lit les milliers d'avis que nous recevons."),
        ("Détection des faux avis", "Des concurrents publient de faux avis sur nos pages produits."),
    ),
    (
        ("Optimisation des stocks", "Trop de stock dans certains entrepôts, des ruptures dans d'autres."),
        ("Robots de préparation de commandes", "Des robots prélèvent les articles sur les étagères de l'entrepôt."),
    ),
    (
        ("Génération des fiches produits", "Les rédacteurs écrivent les descriptions de 5 000 produits."),
        ("Détourage des photos produits", "Nettoyer le fond des photos produits pour la boutique."),
    ),
    (
        ("Assistant d'intégration des nouveaux arrivants", "Les nouveaux posent les mêmes questions aux RH."),
        ("Risque de départ des salariés", "Prédire quels salariés risquent de démissionner."),
    ),
    (
        ("Contrôle qualité par vision", "Les défauts sont repérés par des opérateurs qui regardent les pièces."),
        ("Sécurité par caméras", "Détecter les opérateurs sans casque dans l'atelier."),
    ),
    (
        ("Résumé des appels du centre de contact", "Les conseillers rédigent une note après chaque appel."),
        ("Prévision des effectifs du centre de contact", "Prévoir le volume d'appels pour planifier les équipes."),
    ),
    (
        ("Lecture des formulaires papier", "Les formulaires papier sont scannés puis ressaisis."),
        (
            "Signature électronique des formulaires",
            "Les clients impriment, signent et scannent ; les faire signer en ligne.",
        ),
    ),
    (
        ("Suivi des risques fournisseurs", "Nous apprenons trop tard la faillite d'un fournisseur."),
        ("Extraction des factures fournisseurs", "Lire les montants des factures fournisseurs."),
    ),
]
