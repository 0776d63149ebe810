package org.traumaflow.synth;

import java.util.List;

/**
 * One patient's normal anatomy, before injuries: every part's geometry in patient coordinates
 * (LPS mm). {@link AnatomySampler} draws it; {@link InjuryPlan} places injuries in it;
 * {@link AbdomenModel} paints it.
 */
record Anatomy(
    BodyFrame frame,
    Diaphragm diaphragm,
    Lungs lungs,
    Spine spine,
    Ribs ribs,
    List<BoneBlob> pelvis,
    OrganShape liver,
    OrganShape spleen,
    OrganShape leftKidney,
    OrganShape rightKidney,
    Sac stomach,
    Sac gallbladder,
    Sac bladder,
    Tube pancreas,
    Tube colon,
    List<Tube> smallBowel,
    List<Tube> arteries,
    List<Tube> veins,
    long textureSeed) {}
